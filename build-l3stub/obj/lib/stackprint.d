build-l3stub/obj/lib/stackprint.o: lib/stackprint.c lib/format.h \
 lib/stacktrace.h include/mica/types.h
lib/format.h:
lib/stacktrace.h:
include/mica/types.h:
