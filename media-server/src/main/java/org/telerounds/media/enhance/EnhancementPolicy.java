package org.telerounds.media.enhance;

/**
 * Which track roles go into a cart's enhancer. Only {@code mic:patient} and {@code mic:room} do.
 * {@code audio:stethoscope} never does: the SFU forwards its packets bit for bit, and
 * {@link CartEnhancer#onPacket} refuses it too, should a caller get the routing wrong.
 */
public final class EnhancementPolicy {
  public static final String PATIENT = "mic:patient";
  public static final String ROOM = "mic:room";
  public static final String STETHOSCOPE = "audio:stethoscope";
  /** The role of the server-made output track. */
  public static final String ENHANCED = "voice:enhanced";

  private EnhancementPolicy() {}

  /** True if packets of a track with this role are fed to the enhancer. */
  public static boolean processes(String role) {
    return PATIENT.equals(role) || ROOM.equals(role);
  }
}
