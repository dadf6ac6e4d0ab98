package org.telerounds.media.sfu;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a track is for, carried in signaling with every track. Cart inputs have fixed roles; other
 * participants' webcams and microphones are {@code camera:participant} and {@code mic:participant};
 * {@code voice:enhanced} is made by the server.
 */
public enum TrackRole {
  CAMERA_ROOM("camera:room", "video"),
  CAMERA_EXAM("camera:exam", "video"),
  CAMERA_PARTICIPANT("camera:participant", "video"),
  MIC_PATIENT("mic:patient", "audio"),
  MIC_ROOM("mic:room", "audio"),
  MIC_PARTICIPANT("mic:participant", "audio"),
  AUDIO_STETHOSCOPE("audio:stethoscope", "audio"),
  VOICE_ENHANCED("voice:enhanced", "audio");

  private final String wire;
  private final String kind;

  TrackRole(String wire, String kind) {
    this.wire = wire;
    this.kind = kind;
  }

  /** The name used in signaling, e.g. {@code camera:room}. */
  public String wireName() { return wire; }

  /** "audio" or "video". */
  public String kind() { return kind; }

  public static Optional<TrackRole> fromWire(String s) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst();
  }

  /** The role used when a publisher names none for a track of this kind. */
  public static TrackRole defaultFor(String kind) {
    return kind.equals("video") ? CAMERA_PARTICIPANT : MIC_PARTICIPANT;
  }
}
