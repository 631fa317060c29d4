build-l3stub/obj/lib/pagetable.o: lib/pagetable.c include/mica/errno.h \
 include/mica/layout.h lib/pagetable.h include/mica/types.h lib/exec.h
include/mica/errno.h:
include/mica/layout.h:
lib/pagetable.h:
include/mica/types.h:
lib/exec.h:
