build-l3stub/obj/lib/format.o: solutions/lib/format.c lib/format.h
lib/format.h:
