package org.telerounds.media.rtcp;

import java.util.List;

/**
 * The one exception RTCP parsing throws for malformed network input: a sub-packet whose header,
 * length, padding or body violates its RFC layout (or a buffer window outside the array). It is an
 * {@link IllegalArgumentException} so callers need no checked handling, carries the byte offset of
 * the offending sub-packet and the sub-packets parsed before it, and skips stack-trace capture
 * because garbage from the network is expected and must be cheap to reject.
 */
public final class MalformedPacketException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final transient List<RtcpPacket> parsedBeforeError;

  /** Creates the exception for the sub-packet at absolute {@code offset}. */
  public MalformedPacketException(String message, int offset, List<RtcpPacket> parsedBeforeError) {
    super(message + " at offset " + offset);
    this.offset = offset;
    this.parsedBeforeError = List.copyOf(parsedBeforeError);
  }

  /** Absolute offset in the buffer of the sub-packet that failed to parse. */
  public int offset() {
    return offset;
  }

  /** The sub-packets of the compound packet that parsed successfully before the bad one. */
  public List<RtcpPacket> parsedBeforeError() {
    return parsedBeforeError == null ? List.of() : parsedBeforeError;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
