// OpenSSL's libcrypto, for SHA-256 only (it uses the CPU's SHA instructions where they exist).
#include <openssl/sha.h>
