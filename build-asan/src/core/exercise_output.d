build-asan/src/core/exercise_output.o: src/core/exercise_output.c \
 src/core/exercise_output.h src/core/util.h
src/core/exercise_output.h:
src/core/util.h:
