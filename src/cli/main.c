/* main.c - the quire command: parses the command line into quire_options and
 * calls the library (public API only, like bsdtar over libarchive). Signals:
 * the first SIGINT/SIGTERM/SIGHUP asks the run to stop cleanly (nothing is
 * published, the report is written, exit status 1). When the article in flight
 * keeps the run busy for STOP_WITHIN_US more, it is abandoned: the temporary
 * files are removed and quire exits with 128 + the signal number, as it does
 * at once on a second signal. */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <quire/format.h>
#include <quire/quire.h>
#ifdef QUIRE_HAVE_MIMALLOC
#include <mimalloc.h>
#endif

static quire_ctx *volatile g_ctx;
static volatile sig_atomic_t g_signals, g_first;

#define STOP_WITHIN_US 700000 /* a stop takes at most about a second */

static void S_say(const char *msg, size_t n)
{
	ssize_t w = write(STDERR_FILENO, msg, n);
	(void)w;
}

static void on_signal(int sig)
{
	quire_ctx *ctx = g_ctx;
	if (ctx && g_signals++ == 0) {
		static const char msg[] = "\nquire: stopping (press Ctrl-C again to quit now)\n";
		S_say(msg, sizeof msg - 1);
		g_first = sig;
		quire_ctx_interrupt(ctx);
		struct itimerval t = {{0, 0}, {0, STOP_WITHIN_US}};
		setitimer(ITIMER_REAL, &t, NULL);
		return;
	}
	if (ctx) quire_ctx_remove_temporaries(ctx);
	_exit(128 + sig);
}

/* The clean stop did not come in time: the article in flight is abandoned. */
static void on_alarm(int sig)
{
	(void)sig;
	quire_ctx *ctx = g_ctx;
	if (!ctx) return; /* the run has ended */
	quire_ctx_remove_temporaries(ctx);
	static const char msg[] = "quire: interrupted: the article in flight was abandoned; nothing written "
	                          "(temporary files removed; an earlier file at the output is unchanged)\n";
	S_say(msg, sizeof msg - 1);
	_exit(128 + g_first);
}

static void usage(FILE *f)
{
	fputs("usage: quire convert [OPTIONS] INPUT...   convert inputs to one output format\n"
	      "       quire inspect [OPTIONS] INPUT...   print the normalized articles as JSON Lines\n"
	      "       quire formats                      list readers and writers\n"
	      "       quire --help | --version\n"
	      "\n"
	      "INPUT: a file, a directory, a Jekyll site root, a .warc/.warc.gz, or - (paths on stdin)\n"
	      "\n"
	      "options:\n",
	      f);
	/* the format lists come from the registry */
	fputs("  -t, --to FORMAT         ", f);
	for (size_t i = 0; i < quire_writer_count(); i++)
		fprintf(f, "%s%s", i ? "|" : "", quire_writer_at(i)->name);
	fputs(" (default: from the output's extension)\n"
	      "  -f, --from READER       auto",
	      f);
	for (size_t i = 0; i < quire_reader_count(); i++)
		fprintf(f, "|%s", quire_reader_at(i)->name);
	fputs(" (default: auto, readers bid on the bytes)\n"
	      "  -o, --output PATH       output file; with --split, a directory; - for stdout\n"
	      "      --split             one output per article\n"
	      "      --force             overwrite existing outputs\n"
	      "      --skip-existing     with --split, keep outputs that already exist\n"
	      "      --title TEXT        book or collection title\n"
	      "      --author TEXT       author when an article has none\n"
	      "      --lang TAG          language when an article has none (BCP 47, e.g. zh-CN)\n"
	      "      --timezone ZONE     zone for dates without offset (IANA name or +hh:mm)\n"
	      "      --base-url URL      URL prefix for articles read from files (wins over a site's url:)\n"
	      "      --charset NAME      transport charset of HTML inputs\n"
	      "      --no-extract        html: keep the whole body\n"
	      "      --drafts            jekyll: include _drafts\n"
	      "      --unpublished       jekyll: include posts with published: false\n"
	      "      --cover IMAGE       epub: cover image\n"
	      "      --group-by KEY      epub: none|category|month|year\n"
	      "      --max-articles N    epub: volumes of at most N articles\n"
	      "      --vertical          epub: vertical writing for zh/ja\n"
	      "      --width N           txt: wrap at N columns (East Asian wide = 2)\n"
	      "      --max-size BYTES    warc: rotate files at this size (default 1 GB)\n"
	      "      --max-input-size B  refuse inputs larger than this (default 256 MiB)\n"
	      "  -j, --jobs N            worker threads (default: number of cores)\n"
	      "      --shard K/N         convert only shard K of N (stable by path)\n"
	      "      --report FILE.json  per-input report\n"
	      "      --progress, --no-progress\n"
	      "  -O FORMAT:KEY=VALUE     per-format option (see quire(1))\n"
	      "  -q, --quiet             errors only\n"
	      "  -v, --verbose           also every article warning\n"
	      "      --strict            any warning fails the article\n",
	      f);
}

enum {
	OPT_SPLIT = 256,
	OPT_FORCE,
	OPT_SKIP,
	OPT_TITLE,
	OPT_AUTHOR,
	OPT_LANG,
	OPT_TZ,
	OPT_BASE,
	OPT_CHARSET,
	OPT_NOEXTRACT,
	OPT_DRAFTS,
	OPT_UNPUB,
	OPT_COVER,
	OPT_GROUP,
	OPT_MAXART,
	OPT_VERTICAL,
	OPT_WIDTH,
	OPT_MAXSIZE,
	OPT_MAXIN,
	OPT_SHARD,
	OPT_REPORT,
	OPT_PROGRESS,
	OPT_NOPROGRESS,
	OPT_STRICT,
	OPT_HELP,
	OPT_VERSION
};

static const struct option long_opts[] = {
    {"to", required_argument, NULL, 't'},
    {"from", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"split", no_argument, NULL, OPT_SPLIT},
    {"force", no_argument, NULL, OPT_FORCE},
    {"skip-existing", no_argument, NULL, OPT_SKIP},
    {"title", required_argument, NULL, OPT_TITLE},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"lang", required_argument, NULL, OPT_LANG},
    {"timezone", required_argument, NULL, OPT_TZ},
    {"base-url", required_argument, NULL, OPT_BASE},
    {"charset", required_argument, NULL, OPT_CHARSET},
    {"no-extract", no_argument, NULL, OPT_NOEXTRACT},
    {"drafts", no_argument, NULL, OPT_DRAFTS},
    {"unpublished", no_argument, NULL, OPT_UNPUB},
    {"cover", required_argument, NULL, OPT_COVER},
    {"group-by", required_argument, NULL, OPT_GROUP},
    {"max-articles", required_argument, NULL, OPT_MAXART},
    {"vertical", no_argument, NULL, OPT_VERTICAL},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"max-size", required_argument, NULL, OPT_MAXSIZE},
    {"max-input-size", required_argument, NULL, OPT_MAXIN},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"report", required_argument, NULL, OPT_REPORT},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NOPROGRESS},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("quire: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see quire --help)\n", stderr);
	return 2;
}

/* A usage error about the option getopt_long just refused: named as written
 * (-Z, --x, without any =value), never with the program's path. */
static int S_bad_option(const char *fmt, char **argv, int ind)
{
	char name[64];
	const char *arg = ind > 0 ? argv[ind - 1] : "";
	if (optopt > 0 && optopt < 256 && !(arg[0] == '-' && arg[1] == '-'))
		snprintf(name, sizeof name, "-%c", optopt);
	else
		snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
	return bad_usage(fmt, name);
}

/* K/N: digits only (no sign, no spaces), 1 <= K <= N <= 1,000,000. */
static int parse_shard(const char *s, unsigned long *k, unsigned long *n)
{
	char *end;
	if (*s < '0' || *s > '9') return -1;
	errno = 0;
	*k = strtoul(s, &end, 10);
	if (errno || *end != '/' || end[1] < '0' || end[1] > '9') return -1;
	*n = strtoul(end + 1, &end, 10);
	if (errno || *end || *k == 0 || *n == 0 || *k > *n || *n > 1000000) return -1;
	return 0;
}

/* A BCP 47 language tag, by its shape (RFC 5646 section 2.1): a 2-3 letter
 * language (or 4-8 letters, or the i-/x- forms), then subtags of 1-8 letters
 * or digits separated by hyphens. */
static bool valid_lang(const char *s)
{
	size_t n = strlen(s), i = 0,
	       first = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n == 0 || n > 64 || first == 0 || first > 8 ||
	    (first == 1 && s[0] != 'x' && s[0] != 'X' && s[0] != 'i' && s[0] != 'I'))
		return false;
	for (i = first; i < n;) {
		if (s[i] != '-') return false;
		size_t k =
		    strspn(s + i + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (k == 0 || k > 8) return false;
		i += 1 + k;
	}
	return true;
}

/* Parses a non-negative integer with an optional K/M/G suffix. */
static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	if (*s < '0' || *s > '9') return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno) return -1;
	int shift = 0;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default:
		break;
	}
	if (*end || v > (ULLONG_MAX >> shift)) return -1;
	v <<= shift;
	*out = v;
	return 0;
}

/* One line, as curl -V: the program, then the libraries it runs with. */
static int S_version(void)
{
	printf("quire %s %s\n", quire_version(), quire_library_versions());
	return 0;
}

static int cmd_formats(void)
{
	puts("readers:");
	for (size_t i = 0; i < quire_reader_count(); i++) {
		const quire_reader_ops *r = quire_reader_at(i);
		printf("  %-8s %-28s %s\n", r->name, r->extensions, r->description);
	}
	puts("writers:");
	for (size_t i = 0; i < quire_writer_count(); i++) {
		const quire_writer_ops *w = quire_writer_at(i);
		printf("  %-8s %-28s %s\n", w->name, w->extensions, w->description);
		for (size_t k = 0; w->option_keys && w->option_keys[k]; k++)
			printf("%s-O %s:%s=...%s", k ? ", " : "           options: ", w->name,
			       w->option_keys[k], w->option_keys[k + 1] ? "" : "\n");
	}
	return 0;
}

int main(int argc, char **argv)
{
#ifdef QUIRE_HAVE_MIMALLOC
	/* freed memory goes back to the system 10 ms later, not mimalloc's 100:
	 * a huge article freed on the writer thread barely adds to the next one's
	 * peak (a 50 MB post to EPUB: 599 MB at 100 ms, 560 at 10, 544 at 0),
	 * while 0 made every page fault again: 60,000 faults and 2.3x the CPU on
	 * the 130 readability pages (1.22 s; 0.54 s at 10 ms) */
	mi_option_set(mi_option_decommit_delay, 10);
#endif
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) return S_version();
	if (!strcmp(cmd, "formats")) return cmd_formats();
	int inspect = !strcmp(cmd, "inspect");
	if (!inspect && strcmp(cmd, "convert") != 0) return bad_usage("unknown command '%s'", cmd);

	quire_options o;
	memset(&o, 0, sizeof o);
	o.progress = -1;
	const char **fopts = calloc((size_t)argc, sizeof *fopts);
	if (!fopts) return 2;
	size_t nf = 0;
	unsigned long long v;
	int c;
	optind = 2;
	opterr = 0; /* our own messages (getopt's name the binary by its full path) */
/* a usage error inside option parsing: free what main allocated */
#define USAGE(...)                                                                                           \
	do {                                                                                                 \
		free(fopts);                                                                                 \
		return bad_usage(__VA_ARGS__);                                                               \
	} while (0)
	while ((c = getopt_long(argc, argv, ":t:f:o:j:qvO:", long_opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.to = optarg;
			break;
		case 'f':
			o.from = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'j':
			if (parse_size(optarg, &v) || v > 1024) USAGE("bad --jobs '%s'", optarg);
			o.jobs = (int)v;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'O':
			fopts[nf++] = optarg;
			break;
		case OPT_SPLIT:
			o.split = 1;
			break;
		case OPT_FORCE:
			o.force = 1;
			break;
		case OPT_SKIP:
			o.skip_existing = 1;
			break;
		case OPT_TITLE:
			o.title = optarg;
			break;
		case OPT_AUTHOR:
			o.author = optarg;
			break;
		case OPT_LANG:
			if (!valid_lang(optarg))
				USAGE("bad --lang '%s' (a BCP 47 tag such as zh-CN, en or zh-Hant-TW)",
				      optarg);
			o.lang = optarg;
			break;
		case OPT_TZ:
			o.timezone = optarg;
			break;
		case OPT_BASE:
			o.base_url = optarg;
			break;
		case OPT_CHARSET:
			o.charset = optarg;
			break;
		case OPT_NOEXTRACT:
			o.no_extract = 1;
			break;
		case OPT_DRAFTS:
			o.drafts = 1;
			break;
		case OPT_UNPUB:
			o.unpublished = 1;
			break;
		case OPT_COVER:
			o.cover = optarg;
			break;
		case OPT_GROUP:
			if (strcmp(optarg, "none") && strcmp(optarg, "category") && strcmp(optarg, "month") &&
			    strcmp(optarg, "year"))
				USAGE("bad --group-by '%s' (none|category|month|year)", optarg);
			o.group_by = optarg;
			break;
		case OPT_MAXART:
			if (parse_size(optarg, &v) || v == 0 || v > 1000000)
				USAGE("bad --max-articles '%s'", optarg);
			o.max_articles = (unsigned)v;
			break;
		case OPT_VERTICAL:
			o.vertical = 1;
			break;
		case OPT_WIDTH:
			if (parse_size(optarg, &v) || v > 10000 || (v && v < 8))
				USAGE("bad --width '%s' (8 or more columns, 0 for none)", optarg);
			o.width = (int)v;
			break;
		case OPT_MAXSIZE:
			if (parse_size(optarg, &v) || v < 1024) USAGE("bad --max-size '%s'", optarg);
			o.max_output_size = v;
			break;
		case OPT_MAXIN:
			if (parse_size(optarg, &v) || v == 0) USAGE("bad --max-input-size '%s'", optarg);
			o.max_input_size = v;
			break;
		case OPT_SHARD: {
			unsigned long k, n;
			if (parse_shard(optarg, &k, &n))
				USAGE("bad --shard '%s' (K/N with 1 <= K <= N <= 1000000)", optarg);
			o.shard_k = (unsigned)k;
			o.shard_n = (unsigned)n;
			break;
		}
		case OPT_REPORT:
			o.report = optarg;
			break;
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case OPT_NOPROGRESS:
			o.progress = 0;
			break;
		case OPT_STRICT:
			o.strict = 1;
			break;
		case OPT_HELP:
			usage(stdout);
			free(fopts);
			return 0;
		case OPT_VERSION:
			free(fopts);
			return S_version();
		case ':':
			free(fopts);
			return S_bad_option("option %s needs a value", argv, optind);
		default:
			free(fopts);
			return S_bad_option("unknown option %s", argv, optind);
		}
	}
	if (optind >= argc) USAGE("%s: no inputs", cmd);
#undef USAGE
	o.format_opts = fopts;
	o.n_format_opts = nf;

	quire_err err;
	quire_err_clear(&err);
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	if (!ctx) {
		fprintf(stderr, "quire: %s\n", err.msg);
		free(fopts);
		return 2;
	}
	g_ctx = ctx;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	const char *const *inputs = (const char *const *)argv + optind;
	size_t n = (size_t)(argc - optind);
	quire_result r = inspect ? quire_inspect(ctx, inputs, n, NULL) : quire_convert(ctx, inputs, n, NULL);
	g_ctx = NULL;
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, NULL);
	quire_ctx_free(ctx);
	free(fopts);
	if (fflush(stdout) != 0 && r == QUIRE_OK) r = QUIRE_FATAL;
	return quire_exit_status(r);
}
