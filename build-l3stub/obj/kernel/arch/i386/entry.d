build-l3stub/obj/kernel/arch/i386/entry.o: kernel/arch/i386/entry.S
