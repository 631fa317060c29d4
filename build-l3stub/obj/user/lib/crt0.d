build-l3stub/obj/user/lib/crt0.o: user/lib/crt0.S
