build-asan/src/core/claim.o: src/core/claim.c src/core/claim.h \
 src/core/report.h src/core/util.h
src/core/claim.h:
src/core/report.h:
src/core/util.h:
