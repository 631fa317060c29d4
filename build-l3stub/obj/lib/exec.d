build-l3stub/obj/lib/exec.o: lib/exec.c include/mica/errno.h \
 include/mica/layout.h lib/string.h lib/elf.h include/mica/types.h \
 lib/exec.h lib/pagetable.h
include/mica/errno.h:
include/mica/layout.h:
lib/string.h:
lib/elf.h:
include/mica/types.h:
lib/exec.h:
lib/pagetable.h:
