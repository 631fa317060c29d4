build-l3stub/obj/lib/snprintf.o: lib/snprintf.c lib/format.h
lib/format.h:
