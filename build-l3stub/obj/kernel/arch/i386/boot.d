build-l3stub/obj/kernel/arch/i386/boot.o: kernel/arch/i386/boot.S
