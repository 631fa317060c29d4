build-l3stub/obj/user/lib/printf.o: user/lib/printf.c user/lib/libsys.h \
 include/mica/types.h include/mica/errno.h include/mica/endpoint.h \
 include/mica/message.h include/mica/ipc.h include/mica/callnr.h \
 include/mica/vm.h include/mica/layout.h lib/string.h lib/format.h \
 lib/errstr.h
user/lib/libsys.h:
include/mica/types.h:
include/mica/errno.h:
include/mica/endpoint.h:
include/mica/message.h:
include/mica/ipc.h:
include/mica/callnr.h:
include/mica/vm.h:
include/mica/layout.h:
lib/string.h:
lib/format.h:
lib/errstr.h:
