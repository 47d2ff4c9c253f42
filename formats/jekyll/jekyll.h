/* jekyll.h - internals of the jekyll reader, shared by formats/read_jekyll.c
 * (the ops table and the post assembly) and the other files of formats/jekyll/ (front matter,
 * site config, Liquid, permalinks, Markdown). Nothing outside the reader uses it. */
#ifndef QUIRE_JEKYLL_H
#define QUIRE_JEKYLL_H

#include "../formats.h"

/* ---- values: parsed YAML (front matter, _config.yml) ----------------------- */

typedef enum jk_kind { JK_NULL = 0, JK_STR, JK_SEQ, JK_MAP } jk_kind;

/* A YAML value. Owns everything below it; freed by jk_value_free. */
typedef struct jk_value {
	jk_kind kind;
	char *str;               /* JK_STR: the scalar text */
	bool quoted;             /* JK_STR: written quoted (so "false" is a string) */
	size_t n;                /* JK_SEQ/JK_MAP: number of items */
	char **keys;             /* JK_MAP: the keys */
	struct jk_value **items; /* JK_SEQ/JK_MAP: the values */
} jk_value;

jk_value *jk_value_new(jk_kind kind);
void jk_value_free(jk_value *v);
/* Appends an item (takes ownership of item; key copied, for maps). */
void jk_value_push(jk_value *v, const char *key, jk_value *item);
/* Looks a key up in a map (the last duplicate wins, as in Ruby); NULL when v is
 * not a map or has no such key. Borrowed. */
const jk_value *jk_get(const jk_value *map, const char *key);
/* The scalar text of map[key], or NULL when absent or not a scalar. Borrowed. */
const char *jk_get_str(const jk_value *map, const char *key);
/* Follows a dotted path ("author.name") through maps. Borrowed or NULL. */
const jk_value *jk_path(const jk_value *root, const char *dotted, size_t len);
/* True for an unquoted YAML 1.1 false (false, no, off, any case). */
bool jk_is_false(const jk_value *v);
/* Appends the value as Liquid prints it (scalars as is, lists concatenated). */
void jk_value_text(const jk_value *v, quire_buf *out);

/* ---- front matter (frontmatter.c) ------------------------------------------- */

#define JK_MAX_FRONT_MATTER (1u << 20) /* bytes */
#define JK_MAX_YAML_NODES 20000        /* nodes visited, aliases included */
#define JK_MAX_YAML_DEPTH 64

typedef enum jk_fm_status {
	JK_FM_NONE = 0,    /* the text does not start with a --- line */
	JK_FM_OK,          /* front matter found */
	JK_FM_UNTERMINATED /* a --- line opens it but nothing closes it */
} jk_fm_status;

/* The parts of a post (pointers into the text given to jk_split). */
typedef struct jk_parts {
	const char *fm; /* front matter text between the fences */
	size_t fm_len;
	const char *body; /* what follows the closing fence line */
	size_t body_len;
	unsigned blank_lines; /* blank lines skipped before the opening fence */
} jk_parts;

/* Splits LF text (no BOM) into front matter and body. The opening fence is the
 * first non-blank line, "---"; the closing one "---" or "..." (trailing blanks
 * allowed on both). With JK_FM_NONE the body is the whole text. */
jk_fm_status jk_split(const char *text, size_t len, jk_parts *out);

typedef enum jk_yaml_status {
	JK_YAML_OK = 0,
	JK_YAML_INVALID, /* not valid YAML; why says where */
	JK_YAML_NOT_MAP, /* valid YAML, but not a mapping */
	JK_YAML_LIMIT    /* too many nodes or too deep (alias bombs) */
} jk_yaml_status;

/* Parses YAML text whose root must be a mapping (an empty text gives an empty
 * map). On JK_YAML_OK *out is a new map (caller frees with jk_value_free);
 * otherwise *out is NULL and why (if not NULL) holds a one-line reason. */
jk_yaml_status jk_yaml_parse(const char *text, size_t len, jk_value **out, char *why, size_t why_size);
/* The lenient line parser for front matter that is not valid YAML: top-level
 * "key: value" lines (one pair of surrounding quotes stripped, " #" comments
 * dropped from plain values), "[a, b]" flow lists and "- item" block lists.
 * Always returns a map (caller frees). */
jk_value *jk_lenient_parse(const char *text, size_t len);

/* ---- site (site.c) ---------------------------------------------------------- */

/* A Jekyll site's configuration, parsed once per run and shared read-only by
 * worker threads. Strings are borrowed from config or owned by the struct. */
typedef struct jk_site {
	char *root;           /* the site directory (as found) */
	jk_value *config;     /* _config.yml as a map (empty when missing) */
	char *config_problem; /* why _config.yml was not valid YAML, or NULL */
	bool config_lenient;  /* config came from the lenient parser */
	const char *lang, *timezone, *title, *url, *baseurl, *permalink, *excerpt_separator;
	char *author; /* author: a string, or the name of a mapping */
} jk_site;

/* The site rooted at dir, parsed once per run (cached in ctx). Never NULL for a
 * readable dir; borrowed for the life of ctx. */
const jk_site *jk_site_get(quire_ctx *ctx, const char *dir);
/* Walks up from a post file at most 3 directories looking for a _config.yml
 * next to a _posts folder. Returns the directory (caller frees) or NULL. */
char *jk_site_find(const char *file);
/* True when dir has _config.yml or a _posts folder. */
bool jk_site_claims(const char *dir);

/* ---- permalinks (permalink.c) ----------------------------------------------- */

/* What a permalink pattern is expanded from. */
typedef struct jk_url_parts {
	const char *const *categories; /* the post's categories, in order */
	size_t n_categories;
	bool has_date;
	int64_t year;
	unsigned month, day, hour, minute, second;
	const char *slug;       /* front matter slug or the file name's slug part */
	const char *name;       /* the file name without extension */
	const char *output_ext; /* ".html" */
} jk_url_parts;

/* The pattern of a named style (date, pretty, ordinal, weekdate, none), or NULL
 * when name is not a style. Static. */
const char *jk_permalink_style(const char *name);
/* Expands pattern (a named style or a template with :placeholders) into a path
 * starting with "/", each placeholder value percent-escaped as Jekyll does,
 * runs of "/" squeezed. Unknown placeholders stay literal and set *unknown
 * (when not NULL) to the first one's position. Caller frees. */
char *jk_permalink_expand(const char *pattern, const jk_url_parts *p, const char **unknown);
/* Jekyll's slugify: "default" mode (runs of non-alphanumerics -> "-", lower
 * case) or "pretty" mode (keeps ._~!$&'()+,;=@, and case when cased).
 * Caller frees. */
char *jk_slugify(const char *s, bool pretty, bool cased);
/* site url + baseurl + path, with single slashes at the joins; NULL when url is
 * NULL or empty. Caller frees. */
char *jk_url_join(const char *url, const char *baseurl, const char *path);

/* ---- Liquid (liquid.c) ------------------------------------------------------ */

/* Where {{ page.x }} and {{ site.x }} come from. */
typedef struct jk_liquid_env {
	const jk_value *page; /* computed page variables (title, date, url...) first */
	const jk_value *fm;   /* then the front matter */
	const jk_value *site; /* the site config (or NULL) */
	const char *site_url, *baseurl;
	quire_article *article; /* diagnostics go here */
} jk_liquid_env;

/* Renders the Liquid of a post body: {% raw %} blocks copied verbatim,
 * {% comment %} dropped, {% highlight x %} made a fenced code block, variables
 * resolved (the filters real posts use: relative_url, absolute_url,
 * date_to_string, date_to_xmlschema, xml_escape, slugify; and upcase, downcase, strip,
 * escape), every other tag and unknown variable removed with one warning. */
void jk_liquid_render(const char *in, size_t len, const jk_liquid_env *env, quire_buf *out);

/* ---- Markdown (markdown.c) -------------------------------------------------- */

/* Markdown to HTML with cmark-gfm (table, strikethrough, autolink,
 * tagfilter; raw HTML kept; no smart punctuation). Appends to out. Returns
 * how many lines had more than JK_MAX_TABLE_CELLS cells: their '|' are
 * escaped, so they stay text (cmark-gfm's tables are quadratic in columns). */
#define JK_MAX_TABLE_CELLS 1000
/* Bodies over this many bytes are not given to cmark-gfm (its nodes take
 * about 35 bytes a byte): they are read as plain paragraphs, with a warning. */
#define JK_MAX_MARKDOWN ((size_t)8 << 20)
size_t jk_markdown_to_html(const char *md, size_t len, quire_buf *out);

/* ---- kramdown (kramdown.c) -------------------------------------------------- */

/* Appends md with kramdown's own syntax settled for cmark-gfm: attribute
 * lists ({: .class}, {:toc} with its "* TOC" item) and extensions
 * ({::options /}, {::comment}) left out, HTML blocks kept whole across blank
 * lines as kramdown reads them. Fenced and indented code untouched. Returns
 * how many things it changed. */
size_t jk_kramdown_settle(const char *md, size_t len, quire_buf *out);

/* ---- derivations (derive.c) ------------------------------------------------- */

/* All the text of a body document (hidden parts skipped, whitespace
 * collapsed). Caller frees. */
char *jk_doc_text(xmlDocPtr doc);
/* The text of the first block that has some (hidden parts skipped); NULL when
 * the body has no text. Caller frees. */
char *jk_doc_first_block(xmlDocPtr doc);
/* The text of the first non-empty heading, or NULL. Caller frees. */
char *jk_doc_first_heading(xmlDocPtr doc);
/* The first sentence of text, at most 40 characters when it is CJK (80
 * otherwise), cut with an ellipsis (*cut set) when longer. Caller frees. */
char *jk_first_sentence(const char *text, bool *cut);
/* The URL of a line that is only an autolink "<http://...>" among the last six
 * non-blank lines of Markdown (the last such line), or NULL. Caller frees. */
char *jk_source_line(const char *md, size_t len);
/* Removes lines that are only "<>" (empty autolinks); returns how many. */
size_t jk_drop_empty_autolinks(quire_buf *md);

/* ---- the post (post.c) ------------------------------------------------------ */

/* Reads one post file into an article. QUIRE_OK with *out set; QUIRE_EOF when
 * the post is skipped (published: false, a message says so); QUIRE_FAILED with
 * err set when the file cannot be read or its front matter is unterminated. */
quire_result jk_read_post(quire_ctx *ctx, const quire_source *src, quire_article **out, quire_err *err);

#endif
