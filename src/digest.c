/* digest.c - SHA-256 digests and content-derived UUIDs through OpenSSL's
 * libcrypto (EVP). Ids derived from content make outputs reproducible. */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void digest_sha256(const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 32;
	if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL)) memset(out, 0, 32);
}

void digest_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	digest_sha256(data, len, md);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void digest_uuid(const void *data, size_t len, char out[37])
{
	unsigned char md[32];
	digest_sha256(data, len, md);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x40); /* version 4 shape */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", md[0],
	         md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11], md[12],
	         md[13], md[14], md[15]);
}

uint64_t digest_fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}
