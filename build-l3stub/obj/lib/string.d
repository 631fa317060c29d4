build-l3stub/obj/lib/string.o: lib/string.c lib/string.h
lib/string.h:
