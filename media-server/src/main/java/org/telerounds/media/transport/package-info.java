/**
 * The shared media UDP port and the optional ICE-TCP listener (RFC 6544 passive candidate, RFC
 * 4571 framing): RFC 7983 demultiplexing of datagrams and frames alike, and one {@link
 * org.telerounds.media.transport.WebRtcTransport} (ICE-lite + DTLS + SRTP) per PeerConnection,
 * sending over the route (UDP address or TCP connection) its peer nominated.
 */
package org.telerounds.media.transport;
