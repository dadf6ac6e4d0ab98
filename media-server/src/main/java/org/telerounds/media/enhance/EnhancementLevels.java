package org.telerounds.media.enhance;

/**
 * A snapshot of one cart's levels for the expert page: patient-mic, room-mic and output levels in
 * dBFS (RMS smoothed over about 300 ms; -120 when silent), the tracked mic delay in ms (positive:
 * the room mic hears the patient later), the room mic's weight in the mix, and whether
 * enhancement is on. Contains no audio.
 */
public record EnhancementLevels(double patientDbfs, double roomDbfs, double outputDbfs,
    double micDelayMs, double roomWeight, boolean enabled) {
  public static final EnhancementLevels SILENT = new EnhancementLevels(-120, -120, -120, 0, 0, false);
}
