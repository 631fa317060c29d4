build-l3stub/obj/lib/stacktrace.o: solutions/lib/stacktrace.c \
 lib/stacktrace.h include/mica/types.h
lib/stacktrace.h:
include/mica/types.h:
