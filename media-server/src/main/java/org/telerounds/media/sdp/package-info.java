/** SDP parsing and writing for Unified Plan with BUNDLE; pure, no I/O. */
package org.telerounds.media.sdp;
