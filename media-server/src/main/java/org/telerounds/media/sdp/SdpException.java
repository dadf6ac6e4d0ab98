package org.telerounds.media.sdp;

/** An SDP the server cannot use; the message is safe to show a client (it contains no secrets). */
public final class SdpException extends Exception {
  public SdpException(String message) {
    super(message);
  }
}
