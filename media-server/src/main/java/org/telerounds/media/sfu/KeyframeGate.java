package org.telerounds.media.sfu;

import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.rtp.SequenceUnwrapper;

/**
 * Holds one video leg shut until a keyframe starts a frame, so a subscriber's decoder never
 * begins in the middle of a picture it cannot decode (mediasoup gates each new consumer the same
 * way). A new leg waits; so does a leg resuming after a pause and, later, a layer switch
 * ({@link #awaitKeyframe}). While it waits it asks the publisher for a keyframe: once, past the
 * throttle, when the leg becomes active, and then again on every dropped packet, which the
 * track's throttle lets through once per interval, so a lost PLI cannot leave the leg black.
 * Once open, it still refuses packets from before its keyframe that arrive late (reordered, or
 * recovered from the publisher by RTX): the leg never carried their predecessors. Audio legs have
 * no detector and are never gated.
 */
final class KeyframeGate {
  /** Where the gate's keyframe requests go: the source track, throttled unless {@code exempt}. */
  interface Requests {
    void requestKeyframe(boolean exempt);
  }

  /** How far around its keyframe an open gate checks for late packets (upstream NACK gives up far sooner). */
  static final int LATE_WINDOW = 1024;
  private static final long NONE = Long.MIN_VALUE;
  private final KeyframeDetector detector;
  private final Requests requests;
  private SequenceUnwrapper sequence = new SequenceUnwrapper();
  private long keyframeSeq = NONE;
  private boolean waiting;
  private boolean activeAsked;

  /** {@code detector} null: an audio leg, always open. */
  KeyframeGate(KeyframeDetector detector, Requests requests) {
    this.detector = detector;
    this.requests = requests;
    this.waiting = detector != null;
  }

  /** True while packets are held back for want of a keyframe. */
  boolean isWaiting() { return waiting; }

  /**
   * The leg just became active (negotiated and its transport connected): if it waits, ask for a
   * keyframe now, exempt from the throttle, since the request made at answer time went to a leg
   * that could not receive the answer. Called again later it does nothing.
   */
  void onActive() {
    if (activeAsked) return;
    activeAsked = true;
    if (waiting) requests.requestKeyframe(true);
  }

  /** From now on forward nothing until the next keyframe (after a pause, on a layer switch). */
  void awaitKeyframe() {
    if (detector == null) return;
    waiting = true;
    requests.requestKeyframe(false);
  }

  /**
   * A simulcast switch: the next packet (the new layer's keyframe, which the layer selector
   * already found) opens the gate again in the new layer's sequence space. No request: the
   * selector asked for that keyframe.
   */
  void restartAtSwitch() {
    if (detector == null) return;
    sequence = new SequenceUnwrapper();
    keyframeSeq = NONE;
    waiting = true;
  }

  /**
   * Whether the RTP packet {@code (b, off, len)} may be forwarded. A waiting gate opens at a
   * packet that starts a keyframe; any other packet is refused, and the publisher is asked again
   * (the throttle decides whether that request goes out). An open gate refuses only packets older
   * than the keyframe it opened at.
   */
  boolean admit(byte[] b, int off, int len) {
    if (detector == null) return true;
    long seq = sequence.unwrap(RtpHeader.sequenceNumber(b, off, len));
    if (!waiting) return fresh(seq);
    int hdr = RtpHeader.headerLength(b, off, len);
    int payload = RtpHeader.payloadLength(b, off, len);
    if (payload > 0 && detector.startsKeyframe(b, off + hdr, payload)) {
      waiting = false;
      keyframeSeq = seq;
      return true;
    }
    requests.requestKeyframe(false);
    return false;
  }

  /**
   * False for a packet from shortly before the keyframe (late, or recovered by RTX). Once the
   * stream is well past the keyframe, or jumps (a publisher that restarted its sequence), the
   * check ends, so no jump can hold a leg shut.
   */
  private boolean fresh(long seq) {
    if (keyframeSeq == NONE) return true;
    long behind = keyframeSeq - seq;
    if (behind > 0 && behind <= LATE_WINDOW) return false;
    if (behind < -LATE_WINDOW || behind > LATE_WINDOW) keyframeSeq = NONE;
    return true;
  }
}
