/** DTLS 1.2 server (BouncyCastle) with use_srtp and SDP fingerprint verification. */
package org.telerounds.media.dtls;
