build-l3stub/obj/kernel/arch/i386/serial.o: kernel/arch/i386/serial.c \
 kernel/arch/i386/../../kernel.h include/mica/types.h \
 include/mica/errno.h include/mica/endpoint.h include/mica/message.h \
 include/mica/callnr.h include/mica/layout.h lib/string.h lib/format.h \
 lib/errstr.h kernel/arch/i386/../../proc.h kernel/arch/i386/arch.h \
 kernel/arch/i386/cpu.h
kernel/arch/i386/../../kernel.h:
include/mica/types.h:
include/mica/errno.h:
include/mica/endpoint.h:
include/mica/message.h:
include/mica/callnr.h:
include/mica/layout.h:
lib/string.h:
lib/format.h:
lib/errstr.h:
kernel/arch/i386/../../proc.h:
kernel/arch/i386/arch.h:
kernel/arch/i386/cpu.h:
