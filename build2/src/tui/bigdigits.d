build2/src/tui/bigdigits.o: src/tui/bigdigits.c src/tui/bigdigits.h
src/tui/bigdigits.h:
