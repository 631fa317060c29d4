build-l3stub/obj/lib/errstr.o: lib/errstr.c include/mica/errno.h \
 lib/errstr.h
include/mica/errno.h:
lib/errstr.h:
