build-l3stub/obj/lib/printf.o: lib/printf.c lib/format.h
lib/format.h:
