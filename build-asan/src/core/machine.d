build-asan/src/core/machine.o: src/core/machine.c src/core/machine.h
src/core/machine.h:
