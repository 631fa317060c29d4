build-l3stub/obj/kernel/calls/do_vmctl.o: kernel/calls/do_vmctl.c \
 kernel/calls/calls.h kernel/calls/../kernel.h include/mica/types.h \
 include/mica/errno.h include/mica/endpoint.h include/mica/message.h \
 include/mica/callnr.h include/mica/layout.h lib/string.h lib/format.h \
 lib/errstr.h kernel/calls/../proc.h kernel/calls/../arch/i386/arch.h \
 kernel/calls/../arch/i386/cpu.h
kernel/calls/calls.h:
kernel/calls/../kernel.h:
include/mica/types.h:
include/mica/errno.h:
include/mica/endpoint.h:
include/mica/message.h:
include/mica/callnr.h:
include/mica/layout.h:
lib/string.h:
lib/format.h:
lib/errstr.h:
kernel/calls/../proc.h:
kernel/calls/../arch/i386/arch.h:
kernel/calls/../arch/i386/cpu.h:
