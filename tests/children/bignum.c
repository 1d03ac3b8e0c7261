/*
 * bignum.c - test child: a well-formed demo run, except that one numeric
 * field carries a value given on the command line (1e300, 9.2e18, 2.5...).
 *   bignum FIELD VALUE    FIELD: protocol param done total value expected
 *                                observed elapsed_ns lost ns_per_op
 * Every other field is a small valid integer, so the reader must name the
 * one that is wrong, on the line where it appears.
 */
#include <stdio.h>
#include <string.h>

static const char *pick(const char *field, const char *want, const char *value, const char *dflt)
{
	return strcmp(field, want) == 0 ? value : dflt;
}

int main(int argc, char **argv)
{
	const char *f = argc > 1 ? argv[1] : "";
	const char *v = argc > 2 ? argv[2] : "1";
	printf("{\"event\":\"hello\",\"demo\":\"bignum\",\"protocol\":%s,\"params\":{\"iters\":%s},"
	       "\"variants\":[\"a\"]}\n",
	       pick(f, "protocol", v, "1"), pick(f, "param", v, "10"));
	printf("{\"event\":\"progress\",\"variant\":\"a\",\"done\":%s,\"total\":%s,\"value\":%s}\n",
	       pick(f, "done", v, "5"), pick(f, "total", v, "10"), pick(f, "value", v, "7"));
	printf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":%s,\"observed\":%s,"
	       "\"correct\":true,\"elapsed_ns\":%s,\"metrics\":{\"lost\":%s,\"ns_per_op\":%s}}\n",
	       pick(f, "expected", v, "10"), pick(f, "observed", v, "10"),
	       pick(f, "elapsed_ns", v, "1000"), pick(f, "lost", v, "0"),
	       pick(f, "ns_per_op", v, "1.5"));
	printf("{\"event\":\"end\"}\n");
	return 0;
}
