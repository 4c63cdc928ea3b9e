#ifndef PAROLEWATCH_CCURL_SHIM_H
#define PAROLEWATCH_CCURL_SHIM_H

#include <curl/curl.h>

/* Swift cannot call C variadic functions, so each argument type of
   curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt gets one typed,
   inlined wrapper. */

typedef size_t (*pw_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*pw_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode pw_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_data_callback(CURL *h, CURLoption o, pw_data_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_xferinfo_callback(CURL *h, CURLoption o, pw_xferinfo_callback v) { return curl_easy_setopt(h, o, v); }

static inline CURLcode pw_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pw_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pw_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pw_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode pw_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

#endif
