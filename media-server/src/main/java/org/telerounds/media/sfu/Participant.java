package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.telerounds.media.cc.SendSideBwe;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.rtp.SsrcTable;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.sdp.MediaSection;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.sdp.SdpException;
import org.telerounds.media.sdp.SdpWriter;
import org.telerounds.media.sdp.SdpWriter.Section;
import org.telerounds.media.sdp.Simulcast;
import org.telerounds.media.sdp.SessionDescription;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * One client in a room, with its two PeerConnections: publish (the client offers, the server
 * answers) and subscribe (the server offers, renegotiating as tracks come and go). Public methods
 * may be called from any thread; they hop to the media event loop and return futures.
 */
public final class Participant {
  private final String id;
  private final Room room;
  private final MediaContext ctx;
  private final ParticipantListener listener;
  private final Executor loop;
  private final long sessionId = Math.abs(UUID.randomUUID().getMostSignificantBits() >> 1);
  private final Map<String, PublishedTrack> published = new LinkedHashMap<>();
  private final SsrcTable<PublishedTrack> bySsrc = new SsrcTable<>(); // unboxed: looked up for every packet
  private final List<DownTrack> legs = new ArrayList<>();
  private final List<Boolean> legRemoved = new ArrayList<>();
  // m-section recycling: a removed leg's slot, once an answer has seen it inactive, takes the next
  // leg of the same kind (same mid); the subscribe SDP stays as long as the most legs ever live
  private final java.util.BitSet recyclable = new java.util.BitSet();
  private java.util.BitSet offeredRemoved = new java.util.BitSet();
  private int nextMid;
  private final SsrcTable<DownTrack> legsBySsrc = new SsrcTable<>();
  private WebRtcTransport publishTransport;
  private WebRtcTransport subscribeTransport;
  private int midExtensionId = -1;
  private final PublisherTwcc publisherTwcc = new PublisherTwcc();
  private SubscriberBandwidth bandwidth;
  private SubscriberSender sender;
  private final Supplier<List<DownTrack>> legsNow = this::liveLegs; // one instance, not one per probe tick
  private long publishVersion = 1;
  private long subscribeVersion = 1;
  private List<DownTrack> offeredLegs;
  private boolean dirty;
  /** The next subscribe offer restarts ICE (see {@link #restartSubscribeIce}). */
  private boolean subscribeIceRestart;
  private boolean left;

  Participant(String id, Room room, MediaContext ctx, ParticipantListener listener) {
    this.id = id;
    this.room = room;
    this.ctx = ctx;
    this.listener = listener;
    this.loop = ctx.transports().port().eventLoop();
  }

  public String id() { return id; }
  public Room room() { return room; }
  ParticipantListener listener() { return listener; }

  private <T> CompletableFuture<T> onLoop(Supplier<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      if (left) throw new MediaException("participant-left", "the participant has left the room");
      try {
        return work.get();
      } finally {
        ctx.transports().port().flush(); // RTCP (e.g. PLI) queued by the work
      }
    }, loop);
  }

  /** Applies a publish offer; roles maps mid to role wire names. */
  public CompletableFuture<PublishResult> publish(String offerSdp, Map<String, String> roles) {
    return onLoop(() -> doPublish(offerSdp, roles));
  }

  private PublishResult doPublish(String offerSdp, Map<String, String> roles) {
    SessionDescription offer;
    SessionDescription.TransportParams tp;
    try {
      offer = SessionDescription.parse(offerSdp);
      tp = offer.transportParams();
    } catch (SdpException e) {
      throw new MediaException("bad-sdp", e.getMessage());
    }
    for (String role : roles.values()) {
      if (TrackRole.fromWire(role).isEmpty()) throw new MediaException("bad-role", "unknown track role: " + role);
    }
    if (publishTransport == null) {
      publishTransport = ctx.transports().create(room.id() + "/" + id + "/pub", new PublishListener());
    }
    applyRemote(publishTransport, tp);
    List<Section> sections = new ArrayList<>();
    List<TrackInfo> added = new ArrayList<>();
    List<TrackInfo> removed = new ArrayList<>();
    List<PublishedTrack> newTracks = new ArrayList<>();
    for (MediaSection m : offer.media()) {
      String mid = m.mid();
      boolean sending = m.direction().equals("sendrecv") || m.direction().equals("sendonly");
      RtpCodec[] codec = sending && !m.rejected() && mid != null ? ctx.codecs().select(m) : null;
      if (codec == null) {
        sections.add(Section.rejected(m));
        PublishedTrack old = mid == null ? null : published.remove(mid);
        if (old != null) removed.add(unpublish(old));
        continue;
      }
      Simulcast simulcast = m.kind().equals("video") ? Simulcast.sendOf(m) : Simulcast.NONE;
      Map<Integer, String> ext = CodecSelector.acceptedExtmaps(m, ctx.codecs().twcc(), simulcast.present());
      int midId = m.extmapId(CodecSelector.MID_URI);
      if (midId > 0) midExtensionId = midId;
      int twccId = ctx.codecs().twcc() ? m.extmapId(CodecSelector.TWCC_URI) : -1;
      publisherTwcc.negotiated(twccId);
      PublishedTrack t = published.get(mid);
      if (t == null) {
        TrackRole role = roles.containsKey(mid) ? TrackRole.fromWire(roles.get(mid)).get() : TrackRole.defaultFor(m.kind());
        if (!role.kind().equals(m.kind())) {
          throw new MediaException("bad-role", "role " + role.wireName() + " cannot be used for " + m.kind());
        }
        TrackInfo info = new TrackInfo(id + "-" + mid, room.id(), id, role, m.kind(), codec[0].name(), codec[0].clockRate());
        t = new PublishedTrack(info, mid, codec[0], codec[1], CodecSelector.forwardedExtmaps(ext), publishTransport,
            ctx.config().packetCacheSize(), ctx.config().keyframeRequestInterval().toMillis(), ctx.metrics(),
            ctx.nodes(), ctx.clock(), ctx.taps(), simulcast.lowestFirst().stream().map(Simulcast.Rid::id).toList(),
            m.extmapId(CodecSelector.RID_URI), m.extmapId(CodecSelector.REPAIRED_RID_URI));
        published.put(mid, t);
        newTracks.add(t);
        added.add(info);
      }
      List<Long> ssrcs = m.ssrcs();
      if (!ssrcs.isEmpty() && !t.isSimulcast()) {
        long media = ssrcs.get(0);
        long rtx = m.fidGroups().getOrDefault(media, -1L);
        bySsrc.removeValue(t);
        t.setSsrcs(media, rtx);
        bySsrc.put(media, t);
      }
      sections.add(Section.media(m.kind(), mid, "recvonly", CodecSelector.list(codec), ext, null, List.of(),
          List.of(), null).withAttributes(t.isSimulcast() ? simulcast.recvAttributes() : List.of()));
    }
    newTracks.forEach(room::trackAdded);
    String answer = SdpWriter.write(sessionId, publishVersion++, ctx.localTransport(publishTransport, "passive"),
        sections);
    return new PublishResult(answer, added, removed);
  }

  /** The peer's ICE and DTLS parameters; a new ufrag is an ICE restart, a new certificate is refused. */
  private void applyRemote(WebRtcTransport t, SessionDescription.TransportParams tp) {
    try {
      ctx.transports().setRemote(t, tp);
    } catch (IllegalArgumentException e) {
      throw new MediaException("bad-sdp", e.getMessage());
    }
  }

  private TrackInfo unpublish(PublishedTrack t) {
    bySsrc.removeValue(t);
    room.trackRemoved(t);
    ctx.taps().forEach(tap -> tap.onTrackEnded(t.info()));
    t.close();
    return t.info();
  }

  /**
   * Pauses or resumes this participant's published tracks that match {@code which} (e.g. all
   * video for privacy mode, one track for mute). Completes with the tracks whose state changed.
   */
  public CompletableFuture<List<TrackInfo>> setPaused(java.util.function.Predicate<TrackInfo> which, boolean paused) {
    return onLoop(() -> {
      List<TrackInfo> changed = new ArrayList<>();
      for (PublishedTrack t : published.values()) {
        if (which.test(t.info()) && t.isPaused() != paused) {
          t.setPaused(paused);
          changed.add(t.info());
        }
      }
      return changed;
    });
  }

  /** The tracks this participant publishes now. */
  public CompletableFuture<List<TrackInfo>> publishedTracks() {
    return onLoop(() -> published.values().stream().map(PublishedTrack::info).toList());
  }

  List<PublishedTrack> tracks() { return List.copyOf(published.values()); }

  // ---- voice enhancement of the room (see RoomEnhancement) ----

  /**
   * Switches voice enhancement of this participant's room on or off. Completes with true if that
   * changed anything; fails with {@code enhancement-unavailable} when the server has none.
   */
  public CompletableFuture<Boolean> setRoomEnhancement(boolean on) {
    return onLoop(() -> enhancementOrFail().setEnabled(on));
  }

  /** The room's enhancement: on or off, and each enhanced cart's track, preset and levels. */
  public CompletableFuture<EnhancementState> roomEnhancement() {
    return onLoop(() -> room.enhancement() == null ? EnhancementState.UNAVAILABLE : room.enhancement().state());
  }

  /**
   * Sets the enhancement preset of this participant's (a cart's) mics by name (gentle, standard,
   * aggressive, none), e.g. from its profile; values come from {@code telerounds.enhancement}.
   */
  public CompletableFuture<Void> setEnhancementPreset(String name) {
    return onLoop(() -> {
      RoomEnhancement e = enhancementOrFail();
      e.setPreset(id, ctx.enhancement().config().preset(name).orElseThrow(() ->
          new MediaException("bad-preset", "unknown enhancement preset: " + name)));
      return null;
    });
  }

  private RoomEnhancement enhancementOrFail() {
    if (room.enhancement() == null) {
      throw new MediaException("enhancement-unavailable", "this server has no live voice enhancement");
    }
    return room.enhancement();
  }

  // ---- subscribe side ----

  void addLeg(PublishedTrack t) {
    if (subscribeTransport == null) {
      subscribeTransport = ctx.transports().create(room.id() + "/" + id + "/sub", new SubscribeListener());
    }
    if (bandwidth == null) {
      MediaConfig.Twcc c = ctx.config().twcc();
      bandwidth = new SubscriberBandwidth(new SendSideBwe(c.startBps(), c.minBps(), c.maxBps(), c.probing()), ctx.nanoTime(),
          ctx.congestion());
      sender = new SubscriberSender(subscribeTransport, bandwidth, ctx.congestion(), ctx.nanoTime(),
          c.enabled() && c.pacing().enabled() ? c.pacing().settings() : null);
      bandwidth.pacedBy(sender, c.pacing().factor());
    }
    int slot = -1;
    for (int i = recyclable.nextSetBit(0); i >= 0; i = recyclable.nextSetBit(i + 1)) {
      if (legs.get(i).source().info().kind().equals(t.info().kind())) {
        slot = i;
        break;
      }
    }
    String mid = slot >= 0 ? legs.get(slot).mid() : Integer.toString(nextMid++);
    // a recycled section's new leg goes on as the stream the last one sent there (same SSRC)
    DownTrack d = new DownTrack(t, subscribeTransport, sender, mid, slot >= 0 ? legs.get(slot) : null, ctx.metrics(),
        ctx.nodes());
    if (slot >= 0) {
      DownTrack before = legs.get(slot);
      if (before.ssrc() != d.ssrc()) subscribeTransport.forgetSsrc(before.ssrc()); // a new stream after all
      if (before.rtxSsrc() != d.rtxSsrc()) subscribeTransport.forgetSsrc(before.rtxSsrc());
      recyclable.clear(slot);
      legs.set(slot, d);
      legRemoved.set(slot, false);
    } else {
      legs.add(d);
      legRemoved.add(false);
    }
    legsBySsrc.put(d.ssrc(), d);
    if (d.rtxSsrc() >= 0) legsBySsrc.put(d.rtxSsrc(), d);
    t.addDownTrack(d);
    markDirty();
  }

  void removeLegsOf(PublishedTrack t) {
    for (int i = 0; i < legs.size(); i++) {
      DownTrack d = legs.get(i);
      if (d.source() == t && !legRemoved.get(i)) {
        legRemoved.set(i, true);
        t.removeDownTrack(d);
        legsBySsrc.removeValue(d);
        // its SSRCs' SRTP contexts stay: the next leg on this section sends as the same stream, so a
        // long round still keeps only as many contexts as its subscribe SDP has sections
        markDirty();
      }
    }
  }

  /**
   * Restarts ICE on the subscribe connection (the client lost its path, or its address changed):
   * the next subscribe offer carries new ICE credentials. If an offer is waiting for its answer,
   * the restart rides on the one after it. Fails with {@code no-connection} before the first offer.
   */
  public CompletableFuture<Void> restartSubscribeIce() {
    return onLoop(() -> {
      if (subscribeTransport == null) {
        throw new MediaException("no-connection", "there is no subscribe connection to restart yet");
      }
      subscribeIceRestart = true;
      markDirty();
      return null;
    });
  }

  private void markDirty() {
    dirty = true;
    if (offeredLegs == null) listener.onRenegotiationNeeded();
  }

  /**
   * Makes the next subscribe offer, or completes with null when nothing changed or an offer is
   * still waiting for its answer (the answer triggers the next one).
   */
  public CompletableFuture<SubscribeOffer> createSubscribeOffer() {
    return onLoop(() -> {
      if (!dirty || offeredLegs != null || subscribeTransport == null) return null;
      dirty = false;
      if (subscribeIceRestart) {
        subscribeIceRestart = false;
        subscribeTransport.restartIce();
      }
      offeredLegs = List.copyOf(legs);
      offeredRemoved = new java.util.BitSet();
      for (int i = 0; i < legRemoved.size(); i++) if (legRemoved.get(i)) offeredRemoved.set(i);
      List<Section> sections = new ArrayList<>();
      List<SubscribedTrack> tracks = new ArrayList<>();
      for (int i = 0; i < offeredLegs.size(); i++) {
        DownTrack d = offeredLegs.get(i);
        PublishedTrack src = d.source();
        boolean active = !legRemoved.get(i);
        String msid = src.info().participantId() + " " + src.info().trackId();
        List<long[]> fid = d.rtxSsrc() >= 0 ? List.<long[]>of(new long[] {d.ssrc(), d.rtxSsrc()}) : List.of();
        List<Long> ssrcs = d.rtxSsrc() >= 0 ? List.of(d.ssrc(), d.rtxSsrc()) : List.of(d.ssrc());
        List<RtpCodec> codecs = new ArrayList<>();
        codecs.add(subscriberCodec(src));
        if (src.rtxCodec() != null) codecs.add(src.rtxCodec());
        sections.add(active
            ? Section.media(src.info().kind(), d.mid(), "sendonly", codecs,
                CodecSelector.subscriberExtmaps(src.forwardedExtmaps(), ctx.codecs().twcc()), msid, fid, ssrcs,
                src.info().participantId())
            : Section.media(src.info().kind(), d.mid(), "inactive", codecs, Map.of(), null, List.of(), List.of(), null));
        tracks.add(new SubscribedTrack(d.mid(), src.info(), active));
      }
      String sdp = SdpWriter.write(sessionId + 1, subscribeVersion++,
          ctx.localTransport(subscribeTransport, "actpass"), sections);
      return new SubscribeOffer(sdp, tracks);
    });
  }

  /** Applies the client's answer to the last subscribe offer. */
  public CompletableFuture<Void> applySubscribeAnswer(String answerSdp) {
    return onLoop(() -> {
      if (offeredLegs == null) throw new MediaException("no-offer", "no subscribe offer is outstanding");
      SessionDescription answer;
      try {
        answer = SessionDescription.parse(answerSdp);
        applyRemote(subscribeTransport, answer.transportParams());
      } catch (SdpException | MediaException e) {
        offeredLegs = null;
        throw e instanceof MediaException me ? me : new MediaException("bad-sdp", e.getMessage());
      }
      List<MediaSection> media = answer.media();
      int twccId = 0;
      for (MediaSection m : media) {
        if (!m.rejected() && ctx.codecs().twcc() && m.extmapId(CodecSelector.TWCC_URI) > 0) {
          twccId = m.extmapId(CodecSelector.TWCC_URI);
        }
      }
      bandwidth.negotiated(twccId);
      for (int i = 0; i < offeredLegs.size() && i < media.size(); i++) {
        DownTrack d = offeredLegs.get(i);
        boolean stillThere = i < legs.size() && legs.get(i) == d;
        if (offeredRemoved.get(i) && stillThere) {
          recyclable.set(i); // the client has seen this slot inactive: a new leg may take it
          continue;
        }
        if (!media.get(i).rejected() && stillThere && !legRemoved.get(i) && !d.isNegotiatedOnce()) {
          d.setNegotiated();
          d.onMaybeActive(); // asks for the first keyframe now if the transport is already up
        }
      }
      offeredLegs = null;
      if (dirty) listener.onRenegotiationNeeded();
      return null;
    });
  }

  /** Leaves the room: unpublishes everything and closes both transports. */
  public CompletableFuture<Void> leave() {
    return onLoop(() -> {
      doLeave();
      return null;
    });
  }

  void doLeave() {
    if (left) return;
    left = true;
    for (PublishedTrack t : List.copyOf(published.values())) unpublish(t);
    published.clear();
    for (DownTrack d : legs) d.source().removeDownTrack(d);
    if (publishTransport != null) ctx.transports().destroy(publishTransport);
    if (sender != null) sender.close(); // what waits in the pacer goes with the transport
    if (subscribeTransport != null) ctx.transports().destroy(subscribeTransport);
    room.remove(this);
  }

  /** Retries upstream NACKs that are due; called every ~20 ms on the media loop. */
  void retryNacks() {
    for (PublishedTrack t : published.values()) t.sendNacks();
  }

  /** Aims the recorder of each simulcast track at its highest layer being sent (every ~20 ms). */
  void followTapLayers() {
    long now = ctx.nanoTime().getAsLong();
    for (PublishedTrack t : published.values()) t.followTapLayer(now);
  }

  /**
   * Periodic RTCP: RR to the publisher (and the fixed REMB when it did not negotiate TWCC),
   * translated SRs to the subscriber; samples the subscriber's estimate for the histogram.
   */
  void sendReports() {
    if (publishTransport != null && publishTransport.isConnected() && !published.isEmpty()) {
      RtcpReports.toPublisher(publishTransport, published.values(), ctx, !publisherTwcc.enabled());
    }
    if (subscribeTransport != null && subscribeTransport.isConnected()) {
      RtcpReports.toSubscriber(subscribeTransport, legs);
      bandwidth.sample();
    }
  }

  /** Transport-wide CC feedback to the publisher for what arrived since the last one (every ~100 ms). */
  void sendTwccFeedback() {
    publisherTwcc.sendFeedback(publishTransport, published.values().stream().mapToLong(PublishedTrack::mediaSsrc)
        .filter(x -> x >= 0).findFirst().orElse(0), ctx.congestion());
  }

  /**
   * Publisher side, every ~100 ms: asks this publisher to send only the simulcast layers some
   * subscriber needs ({@link PublishedTrack#updateLayerPauses}), through the listener.
   */
  void pauseUnusedLayers() {
    if (publishTransport == null || !publishTransport.isConnected() || published.isEmpty()) return;
    MediaConfig.Simulcast c = ctx.config().simulcast();
    if (!c.pauseUnusedLayers()) return;
    boolean tapsWantVideo = false;
    for (org.telerounds.media.tap.PacketTap tap : ctx.taps()) tapsWantVideo |= tap.wantsVideo();
    long now = ctx.nanoTime().getAsLong();
    for (PublishedTrack t : published.values()) {
      PublishedTrack.LayerChange change = t.updateLayerPauses(tapsWantVideo, c.pauseAfter().toMillis(), now);
      if (change == null) continue;
      ctx.metrics().layerPauseChange(change.more() ? "resume" : "pause");
      listener.onLayersActive(t.info(), t.mid(), change.activeRids());
    }
  }

  /** Fits this subscriber's legs to its estimate (every ~100 ms; {@link SubscriberBandwidth#allocate}). */
  void allocateBandwidth() {
    if (bandwidth != null && subscribeTransport.isConnected()) bandwidth.allocate(liveLegs());
  }

  /** This 20 ms tick's padding, while a leg is suspended ({@link SubscriberBandwidth#sendPadding}). */
  void sendPadding() {
    if (bandwidth != null && subscribeTransport.isConnected()) bandwidth.sendPadding(legsNow);
  }

  /**
   * Every 5 ms: pads the running probe cluster, if any ({@link SubscriberBandwidth#sendProbe}), and
   * sends what the pacer's budget allows ({@link SubscriberSender#process}).
   */
  void pace(boolean probing) {
    if (bandwidth == null || !subscribeTransport.isConnected()) return;
    if (probing) bandwidth.sendProbe(legsNow);
    sender.process();
  }

  private List<DownTrack> liveLegs() {
    List<DownTrack> live = new ArrayList<>(legs.size());
    for (int i = 0; i < legs.size(); i++) if (!legRemoved.get(i)) live.add(legs.get(i));
    return live;
  }

  /** The publisher's codec as a subscriber is offered it: the kind's feedback, and transport-cc with TWCC. */
  private RtpCodec subscriberCodec(PublishedTrack src) {
    List<String> fb = new ArrayList<>(src.info().kind().equals("video") ? CodecSelector.VIDEO_FEEDBACK : List.of());
    if (ctx.codecs().twcc()) fb.add(CodecSelector.TRANSPORT_CC);
    return src.codec().withFeedback(fb);
  }

  /**
   * The sizes, in device pixels, at which the subscriber shows its video legs, by the legs' mids
   * ({@code {width, height}}; 0x0: not shown). A simulcast leg then gets no larger layer than its
   * view needs ({@link DownTrack#maxLayerForView}). Mids of no live leg are ignored; completes
   * with how many legs took a size.
   */
  public CompletableFuture<Integer> setViews(Map<String, int[]> byMid) {
    Map<String, int[]> views = Map.copyOf(byMid);
    return onLoop(() -> {
      int n = 0;
      for (int i = 0; i < legs.size(); i++) {
        int[] v = views.get(legs.get(i).mid());
        if (v == null || legRemoved.get(i) || v.length != 2) continue;
        legs.get(i).view(v[0], v[1]);
        n++;
      }
      return n;
    });
  }

  /** The subscriber's estimate (bits per second), or -1 before it subscribes to anything. */
  public CompletableFuture<Long> subscriberEstimate() {
    return onLoop(() -> bandwidth == null ? -1L : bandwidth.estimateBps());
  }

  private final class PublishListener implements WebRtcTransport.Listener {
    @Override
    public void onRtp(WebRtcTransport t, byte[] b, int off, int len, long arrivalNanos) {
      if (!RtpHeader.isRtp(b, off, len)) {
        ctx.metrics().drop(org.telerounds.media.metrics.MediaMetrics.DropReason.MALFORMED);
        return;
      }
      publisherTwcc.onRtp(b, off, len, arrivalNanos); // every packet counts: media, RTX, padding
      long ssrc = RtpHeader.ssrc(b, off, len);
      PublishedTrack track = bySsrc.get(ssrc);
      if (track == null) {
        track = learnSsrc(b, off, len, ssrc);
        if (track == null) return;
      }
      if (track.isSimulcast()) { // its demux finds the layer, and learns new SSRCs from their rid
        track.onRtp(b, off, len, arrivalNanos);
        if (bySsrc.get(ssrc) == null && track.knowsSsrc(ssrc)) bySsrc.put(ssrc, track);
        return;
      }
      if (ssrc == track.rtxSsrc()) {
        track.onRtx(b, off, len, arrivalNanos);
        return;
      }
      track.onRtp(b, off, len, arrivalNanos);
    }

    private PublishedTrack learnSsrc(byte[] b, int off, int len, long ssrc) {
      for (PublishedTrack p : published.values()) {
        if (p.rtxSsrc() == ssrc) return p;
      }
      String mid = midExtensionId > 0 ? RtpHeader.readMid(b, off, len, midExtensionId) : null;
      PublishedTrack p = mid == null ? null : published.get(mid);
      if (p != null && p.isSimulcast()) return p; // the layer comes from the rid, in its demux
      if (p == null || p.mediaSsrc() >= 0) {
        ctx.metrics().drop(org.telerounds.media.metrics.MediaMetrics.DropReason.UNKNOWN_SSRC);
        return null;
      }
      p.setSsrcs(ssrc, -1);
      bySsrc.put(ssrc, p);
      return p;
    }

    @Override
    public void onRtcp(WebRtcTransport t, byte[] b, int off, int len) {
      RtcpReports.fromPublisher(b, off, len, bySsrc, ctx.metrics());
    }

    @Override
    public void onConnected(WebRtcTransport t) {
      published.values().forEach(PublishedTrack::requestKeyframe);
    }

    @Override
    public void onFailed(WebRtcTransport t, String reason) {
      listener.onTransportFailed("publish", reason);
    }
  }

  private final class SubscribeListener implements WebRtcTransport.Listener {
    @Override
    public void onRtp(WebRtcTransport t, byte[] b, int off, int len, long arrivalNanos) {
      ctx.metrics().drop(org.telerounds.media.metrics.MediaMetrics.DropReason.UNKNOWN_SSRC);
    }

    @Override
    public void onRtcp(WebRtcTransport t, byte[] b, int off, int len) {
      RtcpReports.fromSubscriber(b, off, len, legsBySsrc, bandwidth, ctx.metrics());
    }

    @Override
    public void onConnected(WebRtcTransport t) {
      for (int i = 0; i < legs.size(); i++) {
        if (!legRemoved.get(i)) legs.get(i).onMaybeActive(); // each video leg's first keyframe, unthrottled
      }
    }

    @Override
    public void onFailed(WebRtcTransport t, String reason) {
      listener.onTransportFailed("subscribe", reason);
    }
  }
}
