/* versions.c - the versions of the libraries libquire runs with, as
 * "name/version" words (curl -V style), asked of each library at run time;
 * uchardet has no such call, so its version is the one built against. It
 * does not check them. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <gnu/libc-version.h>
#include <libxml/xmlversion.h>
#include <openssl/crypto.h>
#include <utf8proc.h>
#include <yaml.h>
#include <zip.h>
#include <zlib.h>

#include "internal.h"

#ifndef QUIRE_UCHARDET_VERSION
#define QUIRE_UCHARDET_VERSION "unknown"
#endif

static char S_versions[512];
static pthread_once_t S_once = PTHREAD_ONCE_INIT;

/* libxml2's xmlParserVersion is "20914" for 2.9.14 */
static void S_libxml2(char *out, size_t size)
{
	long v = strtol(xmlParserVersion, NULL, 10);
	snprintf(out, size, "%ld.%ld.%ld", v / 10000, v / 100 % 100, v % 100);
}

static void S_build(void)
{
	char xml[32];
	S_libxml2(xml, sizeof xml);
	snprintf(S_versions, sizeof S_versions,
	         "libxml2/%s libzip/%s cmark-gfm/%s libyaml/%s uchardet/%s utf8proc/%s zlib/%s OpenSSL/%s "
	         "glibc/%s",
	         xml, zip_libzip_version(), cmark_version_string(), yaml_get_version_string(),
	         QUIRE_UCHARDET_VERSION, utf8proc_version(), zlibVersion(),
	         OpenSSL_version(OPENSSL_VERSION_STRING), gnu_get_libc_version());
}

const char *quire_library_versions(void)
{
	pthread_once(&S_once, S_build);
	return S_versions;
}
