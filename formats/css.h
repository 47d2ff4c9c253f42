/* css.h - the reading stylesheet's rules that the EPUB's style.css
 * (epub/package.c) and the page a WARC replays (warc/page.c) share, so that
 * an article reads the same in both: media and tables, then CJK fonts and
 * line height. String literals, concatenated into each stylesheet. */
#ifndef QUIRE_FORMATS_CSS_H
#define QUIRE_FORMATS_CSS_H

#define FORMATS_CSS_BLOCKS                                                                                   \
	".source a { word-break: break-all; }\n"                                                             \
	"img { max-width: 100%; height: auto; }\n"                                                           \
	"pre { white-space: pre-wrap; font-size: 0.9em; }\n"                                                 \
	"blockquote { margin: 1em 1.5em; color: #333; }\n"                                                   \
	"table { border-collapse: collapse; margin: 1em 0; }\n"                                              \
	"td, th { border: 1px solid #999; padding: 0.2em 0.4em; }\n"

#define FORMATS_CSS_CJK                                                                                      \
	":lang(zh), :lang(ja) { line-height: 1.8; }\n"                                                       \
	":lang(zh) { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", "           \
	"\"SimSun\", "                                                                                       \
	"serif; }\n"                                                                                         \
	":lang(zh-Hant), :lang(zh-TW), :lang(zh-HK), :lang(zh-MO) { font-family: \"Noto Serif CJK TC\", "    \
	"\"Source Han Serif TC\", \"Songti TC\", \"PMingLiU\", serif; }\n"                                   \
	":lang(ja) { font-family: \"Noto Serif CJK JP\", \"Source Han Serif JP\", \"Hiragino Mincho "        \
	"ProN\", "                                                                                           \
	"\"Yu Mincho\", serif; }\n"

#endif
