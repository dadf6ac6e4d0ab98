package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.telerounds.media.enhance.EnhancementPolicy;
import org.telerounds.media.enhance.EnhancementPreset;

/**
 * Live voice enhancement of one room. A participant that publishes {@code mic:patient} is a cart:
 * while the room has enhancement on, the cart gets an {@link EnhancedVoiceTrack} fed by its
 * {@code mic:patient} and {@code mic:room}, published into the room as the cart's
 * {@code voice:enhanced}. Switching the room off closes every enhancer and removes the tracks
 * (subscribers renegotiate them away); switching on makes them again. A cart's track ends when
 * its {@code mic:patient} ends (unpublished, or the cart left). Presets are per cart (from its
 * profile) and otherwise the configured default. Runs on the media event loop.
 */
final class RoomEnhancement implements AutoCloseable {
  /** Where the server-made tracks go: the room adds and removes them for every subscriber. */
  interface Host {
    void addServerTrack(PublishedTrack t);

    void removeServerTrack(PublishedTrack t);
  }

  private final EnhancementContext ctx;
  private final Host host;
  private final Map<String, EnhancedVoiceTrack> carts = new LinkedHashMap<>();
  private final Map<String, PublishedTrack> patientMics = new LinkedHashMap<>();
  private final Map<String, PublishedTrack> roomMics = new HashMap<>();
  private final Map<String, EnhancementPreset> presets = new HashMap<>();
  private final List<CompletableFuture<Void>> releases = new ArrayList<>();
  private boolean enabled;

  RoomEnhancement(EnhancementContext ctx, Host host) {
    this.ctx = ctx;
    this.host = host;
    this.enabled = ctx.config().enabled();
  }

  /** A participant published a track; only the two cart mics matter here. */
  void onTrackPublished(PublishedTrack t) {
    String pid = t.info().participantId();
    String role = t.info().role().wireName();
    if (role.equals(EnhancementPolicy.PATIENT)) {
      patientMics.put(pid, t);
      if (enabled) start(pid);
    } else if (role.equals(EnhancementPolicy.ROOM)) {
      roomMics.put(pid, t);
      EnhancedVoiceTrack v = carts.get(pid);
      if (v != null) v.setRoomMic(t);
    }
  }

  /** A published track ended (the server's own included: ignored). */
  void onTrackEnded(PublishedTrack t) {
    String pid = t.info().participantId();
    if (patientMics.get(pid) == t) {
      patientMics.remove(pid);
      stop(pid);
    } else if (roomMics.get(pid) == t) {
      roomMics.remove(pid);
      EnhancedVoiceTrack v = carts.get(pid);
      if (v != null) v.setRoomMic(null);
    }
  }

  void onParticipantLeft(String participantId) {
    presets.remove(participantId);
  }

  /** Switches the room on or off; true if that changed anything. */
  boolean setEnabled(boolean on) {
    if (on == enabled) return false;
    enabled = on;
    ctx.metrics().switched(on);
    if (on) {
      List.copyOf(patientMics.keySet()).forEach(this::start);
    } else {
      List.copyOf(carts.keySet()).forEach(this::stop);
    }
    return true;
  }

  boolean isEnabled() { return enabled; }

  /** Sets a cart's preset (e.g. from its profile), now and for later restarts. */
  void setPreset(String participantId, EnhancementPreset preset) {
    presets.put(participantId, preset);
    EnhancedVoiceTrack v = carts.get(participantId);
    if (v != null) v.setPreset(preset);
  }

  EnhancementState state() {
    List<EnhancementState.CartVoice> voices = new ArrayList<>();
    for (Map.Entry<String, EnhancedVoiceTrack> e : carts.entrySet()) {
      EnhancedVoiceTrack v = e.getValue();
      voices.add(new EnhancementState.CartVoice(e.getKey(), v.info().trackId(), v.preset().name(), v.levels()));
    }
    return new EnhancementState(true, enabled, voices);
  }

  /** The cart's live track, if enhanced now (tests). */
  EnhancedVoiceTrack voiceOf(String participantId) { return carts.get(participantId); }

  /** Completes when every enhancer closed so far has released its thread and native handles. */
  CompletableFuture<Void> released() {
    releases.removeIf(CompletableFuture::isDone);
    return CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new));
  }

  private void start(String pid) {
    if (carts.containsKey(pid)) return;
    EnhancementPreset preset = presets.getOrDefault(pid, ctx.config().defaultPreset());
    EnhancedVoiceTrack v = new EnhancedVoiceTrack(patientMics.get(pid), preset, true, ctx);
    v.setRoomMic(roomMics.get(pid));
    carts.put(pid, v);
    host.addServerTrack(v.track());
  }

  private void stop(String pid) {
    EnhancedVoiceTrack v = carts.remove(pid);
    if (v == null) return;
    v.close();
    releases.add(v.released());
    host.removeServerTrack(v.track());
  }

  /** Ends every cart's enhancement (the room closes). */
  @Override
  public void close() {
    List.copyOf(carts.keySet()).forEach(this::stop);
  }
}
