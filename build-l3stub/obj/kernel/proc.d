build-l3stub/obj/kernel/proc.o: kernel/proc.c kernel/kernel.h \
 include/mica/types.h include/mica/errno.h include/mica/endpoint.h \
 include/mica/message.h include/mica/callnr.h include/mica/layout.h \
 lib/string.h lib/format.h lib/errstr.h kernel/proc.h
kernel/kernel.h:
include/mica/types.h:
include/mica/errno.h:
include/mica/endpoint.h:
include/mica/message.h:
include/mica/callnr.h:
include/mica/layout.h:
lib/string.h:
lib/format.h:
lib/errstr.h:
kernel/proc.h:
