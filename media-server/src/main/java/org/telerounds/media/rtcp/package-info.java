/**
 * Pure RTCP (RFC 3550, RFC 4585, RFC 5104, REMB and transport-wide CC feedback) parsing into
 * immutable records, building of the feedback the SFU originates, and in-place SSRC rewriting for
 * relayed feedback. Only {@code java.*} is used. Malformed network input never causes an
 * {@code ArrayIndexOutOfBoundsException}: {@link org.telerounds.media.rtcp.RtcpParser#parseCompound}
 * reports it with the single unchecked {@link org.telerounds.media.rtcp.MalformedPacketException},
 * and the boolean/in-place helpers simply return {@code false} or leave the bytes alone.
 */
package org.telerounds.media.rtcp;
