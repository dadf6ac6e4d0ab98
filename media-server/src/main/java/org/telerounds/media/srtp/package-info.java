/** SRTP/SRTCP protection with jitsi-srtp: AES-CM-HMAC-SHA1-80 and AEAD-AES-128-GCM. */
package org.telerounds.media.srtp;
