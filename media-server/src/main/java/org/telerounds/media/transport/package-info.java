/**
 * The shared media UDP port: RFC 7983 demultiplexing and one {@link
 * org.telerounds.media.transport.WebRtcTransport} (ICE-lite + DTLS + SRTP) per PeerConnection.
 */
package org.telerounds.media.transport;
