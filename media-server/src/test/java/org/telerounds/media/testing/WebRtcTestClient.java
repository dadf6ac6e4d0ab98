package org.telerounds.media.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.telerounds.media.dtls.QueueDatagramTransport;
import org.telerounds.media.dtls.DtlsCertificate;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.rtcp.RtcpPacket.ReceiverReport;
import org.telerounds.media.rtcp.RtcpWriter;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sdp.MediaSection;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.sdp.SdpException;
import org.telerounds.media.sdp.SessionDescription;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;
import org.telerounds.media.srtp.SrtpSession;
import org.telerounds.media.cc.TwccFeedbackGenerator;

/**
 * A real WebRTC peer (one PeerConnection) written for tests and load runs. It talks to the SFU over
 * one loopback UDP socket (127.0.0.1 only) with real ICE (controlling, aggressive nomination,
 * consent checks every ~2 s), a real DTLS 1.2 client handshake (BouncyCastle, ECDSA P-256
 * certificate, use_srtp offering AEAD_AES_128_GCM and AES_CM_128_HMAC_SHA1_80) and real SRTP/SRTCP
 * (jitsi-srtp through {@link SrtpSession}). Datagrams are demultiplexed by their first byte as in
 * RFC 7983.
 *
 * <p>Two uses, matching the SFU's two PeerConnections per participant:
 *
 * <ul>
 *   <li><b>publish</b>: {@link #createOffer()} (sendonly Opus PT 111 and/or VP8 PT 96 + RTX PT 97,
 *       a=ssrc lines, setup:actpass), the server's answer to {@link #setRemoteAnswer}, then {@link
 *       #connect}, then {@link #sendAudio}/{@link #sendVideo}/{@link #sendRtp};
 *   <li><b>subscribe</b>: the server's offer to {@link #createAnswer} (recvonly, setup:active), the
 *       answer to the server, then {@link #connect}; decrypted RTP goes to {@link
 *       Options#onRtp(RtpListener)}. Later re-offers are answered by {@link #createAnswer} too.
 * </ul>
 *
 * <p>One receive thread per client reads the socket, answers nothing (the client is the controlling
 * ICE agent and the DTLS client) and calls the listeners on that thread with the plaintext in a
 * reused buffer: copy what you keep. Sends may come from any thread; they are serialized. With
 * {@link Options#wrongFingerprint(boolean)} the SDP advertises the fingerprint of another
 * certificate than the one presented in DTLS, which a correct server must refuse.
 */
public final class WebRtcTestClient implements AutoCloseable {
  public static final int OPUS_PT = 111;
  public static final int VP8_PT = 96;
  public static final int RTX_PT = 97;
  /** ICE priority of the client's (only) host candidate: type pref 126, local pref 65535, component 1. */
  static final long PRIORITY = (126L << 24) | (65535L << 8) | 255L;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
  /** One timer thread for every client's ICE consent checks (load runs have dozens of clients). */
  private static final ScheduledExecutorService CONSENT = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "webrtc-client-consent");
    t.setDaemon(true);
    return t;
  });

  /** Plaintext RTP delivered on the receive thread; {@code b} is reused after the call returns. */
  @FunctionalInterface
  public interface RtpListener {
    void onRtp(byte[] b, int off, int len, long receiveNanos);
  }

  /** Plaintext (compound) RTCP delivered on the receive thread; {@code b} is reused. */
  @FunctionalInterface
  public interface RtcpListener {
    void onRtcp(byte[] b, int off, int len, long receiveNanos);
  }

  /** One m-section the server offered to a subscriber: which SSRCs and payload types it will use. */
  public record RemoteTrack(String mid, String kind, boolean active, long ssrc, long rtxSsrc, int payloadType,
      int rtxPayloadType, String msid) {}

  /** How a client is built. Mutable, fluent; read once by the constructor. */
  public static final class Options {
    private String name = "client";
    private boolean audio = true;
    private boolean video = true;
    private boolean wrongFingerprint;
    private boolean verifyServerFingerprint = true;
    private List<SrtpProfile> srtpProfiles = List.of(SrtpProfile.AEAD_AES_128_GCM,
        SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    private int receiveBufferBytes = 1 << 20;
    private Duration consentInterval = Duration.ofSeconds(2);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private RtpListener onRtp;
    private RtcpListener onRtcp;

    /** Used in thread names and messages. */
    public Options name(String n) { this.name = Objects.requireNonNull(n); return this; }
    /** Publish: offer an Opus audio section (default true). */
    public Options audio(boolean a) { this.audio = a; return this; }
    /** Publish: offer a VP8 + RTX video section (default true). */
    public Options video(boolean v) { this.video = v; return this; }
    /** Advertise the fingerprint of a different certificate than the one DTLS presents. */
    public Options wrongFingerprint(boolean w) { this.wrongFingerprint = w; return this; }
    /** Check the server's DTLS certificate against the fingerprint in its SDP (default true). */
    public Options verifyServerFingerprint(boolean v) { this.verifyServerFingerprint = v; return this; }
    /** SRTP profiles offered in use_srtp, in preference order (the server picks by its own order). */
    public Options srtpProfiles(SrtpProfile... p) { this.srtpProfiles = List.of(p); return this; }
    public Options receiveBufferBytes(int n) { this.receiveBufferBytes = n; return this; }
    public Options consentInterval(Duration d) { this.consentInterval = d; return this; }
    public Options handshakeTimeout(Duration d) { this.handshakeTimeout = d; return this; }
    public Options onRtp(RtpListener l) { this.onRtp = l; return this; }
    public Options onRtcp(RtcpListener l) { this.onRtcp = l; return this; }
    /**
     * Subscribe: send transport-wide CC feedback (every 100 ms, from the production
     * {@link TwccFeedbackGenerator}) for what arrives stamped with the offered transport-cc
     * extension, as a browser does, so the server's estimate, allocation and pacer run for this client.
     */
    public Options twccFeedback(boolean t) { this.twccFeedback = t; return this; }
    private boolean twccFeedback;
    /**
     * Consent checks after the connection is up carry no USE-CANDIDATE, as Chromium's (regular
     * nomination) do; by default every check nominates (aggressive nomination).
     */
    public Options consentWithoutNomination(boolean c) { this.consentWithoutNomination = c; return this; }
    private boolean consentWithoutNomination;
  }

  public static Options options() {
    return new Options();
  }

  private final Options opts;
  private final String name;
  private volatile DatagramSocket socket;
  private volatile String localUfrag = randomIce(8);
  private volatile String localPwd = randomIce(24);
  /** Set by {@link #restartIce()} until the server's answer with its new credentials arrives. */
  private volatile boolean restartOffered;
  private final long tieBreaker = RANDOM.nextLong();
  private final byte[] certDer;
  private final AsymmetricKeyParameter certKey;
  private final String sdpFingerprint;
  private final long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
  private final long audioSsrc = randomSsrc();
  private final long videoSsrc = randomSsrc();
  private final long rtxSsrc = randomSsrc();
  private final long rtcpSsrc = randomSsrc();
  private final QueueDatagramTransport dtlsChannel = new QueueDatagramTransport(b -> {
    try {
      sendRaw(b, 0, b.length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  });
  private final CountDownLatch iceConnected = new CountDownLatch(1);
  private final Object sendLock = new Object();
  private final byte[] sendBuf = new byte[1600];
  private final DatagramPacket sendPacket = new DatagramPacket(sendBuf, sendBuf.length);
  private final AtomicLong rtpReceived = new AtomicLong();
  private final AtomicLong rtcpReceived = new AtomicLong();
  private final AtomicLong srtpFailures = new AtomicLong();
  private final AtomicLong notReadyDrops = new AtomicLong();
  private final AtomicLong stunErrors = new AtomicLong();
  private final AtomicLong rtpSent = new AtomicLong();
  private int audioSeq = RANDOM.nextInt(0x8000);
  private int videoSeq = RANDOM.nextInt(0x8000);
  private int rtxSeq = RANDOM.nextInt(0x8000);
  private int answerVersion = 1;
  private static final String TWCC_URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  private volatile int twccId;
  private final TwccFeedbackGenerator twccArrivals; // only with Options.twccFeedback
  private final AtomicLong twccFeedbackSent = new AtomicLong();
  private volatile ScheduledFuture<?> twccTask;

  private volatile InetSocketAddress remote;
  private volatile String remoteUfrag;
  private volatile String remotePwd;
  private volatile String remoteFingerprint;
  private volatile List<RemoteTrack> remoteTracks = List.of();
  private volatile SrtpSession srtpSend;
  private volatile SrtpSession srtpRecv;
  /** SSRCs of offered tracks that went inactive: their receive contexts go, as a browser's do. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Long> endedSsrcs = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile SrtpProfile profile;
  private volatile DTLSTransport dtls;
  private volatile boolean closed;
  private volatile Thread receiver;
  private volatile ScheduledFuture<?> consent;
  private volatile long lastConsentNanos;

  public WebRtcTestClient(Options options) throws IOException {
    this.opts = options;
    this.name = options.name;
    this.twccArrivals = options.twccFeedback ? new TwccFeedbackGenerator() : null;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setReceiveBufferSize(options.receiveBufferBytes);
    socket.setSendBufferSize(1 << 20);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair kp = g.generateKeyPair();
      X500Name subject = new X500Name("CN=telerounds-test-client");
      Instant now = Instant.now();
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, RANDOM),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(7))), subject, kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      this.certDer = holder.getEncoded();
      this.certKey = PrivateKeyFactory.createKey(kp.getPrivate().getEncoded());
    } catch (Exception e) {
      socket.close();
      throw new IOException("cannot generate the client certificate", e);
    }
    this.sdpFingerprint = options.wrongFingerprint
        ? DtlsCertificate.generate().fingerprint() // a real certificate's fingerprint, just not ours
        : DtlsCertificate.fingerprintOf(certDer);
  }

  // ------------------------------------------------------------------------------------------ SDP

  public String name() { return name; }
  public long audioSsrc() { return audioSsrc; }
  public long videoSsrc() { return videoSsrc; }
  public long videoRtxSsrc() { return rtxSsrc; }
  /** The SSRC this client sends its own RTCP (receiver reports, NACK, PLI) under. */
  public long rtcpSsrc() { return rtcpSsrc; }
  /** mid of the published audio section ("0"), or null without audio. */
  public String audioMid() { return opts.audio ? "0" : null; }
  /** mid of the published video section ("1", or "0" when video is alone), or null without video. */
  public String videoMid() { return opts.video ? (opts.audio ? "1" : "0") : null; }
  /** The fingerprint written in this client's SDP (wrong on purpose with {@code wrongFingerprint}). */
  public String sdpFingerprint() { return sdpFingerprint; }
  public InetSocketAddress localAddress() { return (InetSocketAddress) socket.getLocalSocketAddress(); }

  /** A publish offer: sendonly audio and/or video, BUNDLE, rtcp-mux, setup:actpass. */
  public String createOffer() {
    if (!opts.audio && !opts.video) throw new IllegalStateException("nothing to publish");
    List<String> mids = new ArrayList<>();
    if (opts.audio) mids.add(audioMid());
    if (opts.video) mids.add(videoMid());
    StringBuilder sb = sessionHeader(1, mids);
    String stream = "stream-" + name;
    if (opts.audio) {
      mediaHeader(sb, "audio", List.of(OPUS_PT), audioMid(), "actpass");
      line(sb, "a=sendonly");
      line(sb, "a=msid:" + stream + " audio-" + name);
      line(sb, "a=rtcp-mux");
      line(sb, "a=rtpmap:" + OPUS_PT + " opus/48000/2");
      line(sb, "a=rtcp-fb:" + OPUS_PT + " transport-cc");
      line(sb, "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1");
      line(sb, "a=ssrc:" + audioSsrc + " cname:" + name);
      line(sb, "a=ssrc:" + audioSsrc + " msid:" + stream + " audio-" + name);
      candidate(sb);
    }
    if (opts.video) {
      mediaHeader(sb, "video", List.of(VP8_PT, RTX_PT), videoMid(), "actpass");
      line(sb, "a=sendonly");
      line(sb, "a=msid:" + stream + " video-" + name);
      line(sb, "a=rtcp-mux");
      line(sb, "a=rtcp-rsize");
      line(sb, "a=rtpmap:" + VP8_PT + " VP8/90000");
      line(sb, "a=rtcp-fb:" + VP8_PT + " goog-remb");
      line(sb, "a=rtcp-fb:" + VP8_PT + " ccm fir");
      line(sb, "a=rtcp-fb:" + VP8_PT + " nack");
      line(sb, "a=rtcp-fb:" + VP8_PT + " nack pli");
      line(sb, "a=rtpmap:" + RTX_PT + " rtx/90000");
      line(sb, "a=fmtp:" + RTX_PT + " apt=" + VP8_PT);
      line(sb, "a=ssrc-group:FID " + videoSsrc + " " + rtxSsrc);
      for (long s : new long[] {videoSsrc, rtxSsrc}) {
        line(sb, "a=ssrc:" + s + " cname:" + name);
        line(sb, "a=ssrc:" + s + " msid:" + stream + " video-" + name);
      }
      candidate(sb);
    }
    return sb.toString();
  }

  /** Applies the server's answer to {@link #createOffer()}: ICE credentials, fingerprint, candidate. */
  public void setRemoteAnswer(String answerSdp) throws SdpException {
    applyRemote(SessionDescription.parse(answerSdp));
  }

  /**
   * Answers a server (subscribe) offer: every offered sendonly section recvonly with the offered
   * codecs, inactive ones inactive, rejected ones rejected; setup:active. May be called again for
   * re-offers on the same connection; the tracks it learnt are in {@link #remoteTracks()}.
   */
  public String createAnswer(String offerSdp) throws SdpException {
    SessionDescription offer = SessionDescription.parse(offerSdp);
    applyRemote(offer);
    List<RemoteTrack> tracks = new ArrayList<>();
    List<String> bundled = new ArrayList<>();
    for (MediaSection m : offer.media()) {
      if (!m.rejected() && m.mid() != null) bundled.add(m.mid());
    }
    StringBuilder sb = sessionHeader(++answerVersion, bundled);
    for (MediaSection m : offer.media()) {
      if (m.rejected() || m.mid() == null) {
        line(sb, "m=" + m.kind() + " 0 " + m.proto() + " " + String.join(" ", m.formats()));
        line(sb, "c=IN IP4 0.0.0.0");
        if (m.mid() != null) line(sb, "a=mid:" + m.mid());
        line(sb, "a=inactive");
        continue;
      }
      List<RtpCodec> codecs = m.codecs();
      List<Integer> pts = codecs.stream().map(RtpCodec::payloadType).toList();
      mediaHeader(sb, m.kind(), pts, m.mid(), "active");
      String dir = m.direction();
      boolean sending = dir.equals("sendonly") || dir.equals("sendrecv");
      line(sb, sending ? "a=recvonly" : "a=inactive");
      line(sb, "a=rtcp-mux");
      line(sb, "a=rtcp-rsize");
      m.extmaps().forEach((id, uri) -> line(sb, "a=extmap:" + id + " " + uri));
      m.extmaps().forEach((id, uri) -> {
        if (uri.equals(TWCC_URI)) twccId = id;
      });
      for (RtpCodec c : codecs) {
        line(sb, "a=rtpmap:" + c.payloadType() + " " + c.rtpmap());
        c.feedback().forEach(fb -> line(sb, "a=rtcp-fb:" + c.payloadType() + " " + fb));
        if (c.fmtp() != null) line(sb, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
      }
      candidate(sb);
      List<Long> ssrcs = m.ssrcs();
      long media = ssrcs.isEmpty() ? -1 : ssrcs.get(0);
      long rtx = m.fidGroups().getOrDefault(media, -1L);
      RtpCodec main = codecs.stream().filter(c -> !c.is("rtx")).findFirst().orElse(null);
      RtpCodec rtxCodec = codecs.stream().filter(c -> c.is("rtx")).findFirst().orElse(null);
      for (RemoteTrack before : remoteTracks) { // a mid whose stream ended or was replaced
        if (before.mid().equals(m.mid()) && before.ssrc() >= 0 && (!sending || before.ssrc() != media)) {
          endedSsrcs.add(before.ssrc());
          if (before.rtxSsrc() >= 0) endedSsrcs.add(before.rtxSsrc());
        }
      }
      tracks.add(new RemoteTrack(m.mid(), m.kind(), sending, media, rtx, main == null ? -1 : main.payloadType(),
          rtxCodec == null ? -1 : rtxCodec.payloadType(), m.attr("msid")));
    }
    remoteTracks = List.copyOf(tracks);
    return sb.toString();
  }

  /** What the last subscribe offer said, one entry per m-section with a mid. */
  public List<RemoteTrack> remoteTracks() { return remoteTracks; }

  /** The first active offered track of {@code kind} ("audio" or "video"), or null. */
  public RemoteTrack remoteTrack(String kind) {
    return remoteTracks.stream().filter(t -> t.active() && t.kind().equals(kind)).findFirst().orElse(null);
  }

  private void applyRemote(SessionDescription d) throws SdpException {
    SessionDescription.TransportParams tp = d.transportParams();
    InetSocketAddress candidate = null;
    for (MediaSection m : d.media()) {
      if (m.rejected()) continue;
      for (String c : m.attrs("candidate")) {
        // foundation component transport priority address port typ type
        String[] p = c.trim().split("\\s+");
        if (p.length >= 8 && p[2].equalsIgnoreCase("udp") && p[1].equals("1")) {
          candidate = new InetSocketAddress(p[4], Integer.parseInt(p[5]));
          break;
        }
      }
      if (candidate != null) break;
    }
    if (candidate == null) throw new SdpException("no UDP host candidate in the server's SDP");
    if (!candidate.getAddress().isLoopbackAddress()) {
      // This client is for loopback runs only: never send test traffic anywhere else.
      throw new SdpException("refusing non-loopback candidate " + candidate.getAddress().getHostAddress());
    }
    if (remote != null) {
      if (!remote.equals(candidate)) throw new SdpException("the server's candidate changed");
      if (!tp.fingerprint().equals(remoteFingerprint)) throw new SdpException("the server's certificate changed");
      if (!tp.iceUfrag().equals(remoteUfrag)) { // an ICE restart (RFC 8445 §9)
        if (!restartOffered) newLocalCredentials(); // the server offered it: our answer restarts too
        restartOffered = false;
        remoteUfrag = tp.iceUfrag();
        remotePwd = tp.icePwd();
      } else if (restartOffered) {
        throw new SdpException("the server answered an ICE restart with its old credentials");
      }
      return;
    }
    remoteUfrag = tp.iceUfrag();
    remotePwd = tp.icePwd();
    remoteFingerprint = tp.fingerprint();
    remote = candidate;
    sendPacket.setSocketAddress(candidate);
  }

  private StringBuilder sessionHeader(int version, List<String> bundle) {
    StringBuilder sb = new StringBuilder(2048);
    line(sb, "v=0");
    line(sb, "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
    line(sb, "s=-");
    line(sb, "t=0 0");
    if (!bundle.isEmpty()) line(sb, "a=group:BUNDLE " + String.join(" ", bundle));
    line(sb, "a=msid-semantic: WMS *");
    return sb;
  }

  private void mediaHeader(StringBuilder sb, String kind, List<Integer> pts, String mid, String setup) {
    StringBuilder m = new StringBuilder("m=" + kind + " 9 UDP/TLS/RTP/SAVPF");
    pts.forEach(pt -> m.append(' ').append(pt));
    line(sb, m.toString());
    line(sb, "c=IN IP4 0.0.0.0");
    line(sb, "a=rtcp:9 IN IP4 0.0.0.0");
    line(sb, "a=ice-ufrag:" + localUfrag);
    line(sb, "a=ice-pwd:" + localPwd);
    line(sb, "a=ice-options:trickle");
    line(sb, "a=fingerprint:sha-256 " + sdpFingerprint);
    line(sb, "a=setup:" + setup);
    line(sb, "a=mid:" + mid);
  }

  private void candidate(StringBuilder sb) {
    InetSocketAddress a = localAddress();
    line(sb, "a=candidate:1 1 udp " + PRIORITY + " " + a.getAddress().getHostAddress() + " " + a.getPort()
        + " typ host");
    line(sb, "a=end-of-candidates");
  }

  private static void line(StringBuilder sb, String l) {
    sb.append(l).append("\r\n");
  }

  // ------------------------------------------------------------------------------ ICE and DTLS

  /**
   * Runs ICE (binding requests until one succeeds) and the DTLS client handshake, then derives
   * SRTP keys. Blocks; throws if either step fails or takes longer than {@code timeout} (ICE) plus
   * the handshake timeout (DTLS). Consent checks continue every ~2 s until {@link #close()}.
   */
  public void connect(Duration timeout) throws IOException {
    if (remote == null) throw new IllegalStateException(name + ": apply the server's SDP first");
    if (srtpSend != null) return;
    startReceiver();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!iceConnected.await(50, TimeUnit.MILLISECONDS)) {
        if (closed) throw new IOException(name + ": closed");
        if (System.nanoTime() > deadline) {
          throw new IOException(name + ": ICE did not connect within " + timeout + " (" + stunErrors.get()
              + " STUN error responses)");
        }
        sendBindingRequest();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    long every = opts.consentInterval.toMillis();
    consent = CONSENT.scheduleAtFixedRate(() -> {
      try {
        if (!closed) sendBindingRequest(!opts.consentWithoutNomination);
      } catch (IOException | RuntimeException ignored) {
        // the next check tries again; the server only needs one in 30 s
      }
    }, every, every, TimeUnit.MILLISECONDS);
    if (opts.twccFeedback) {
      twccTask = CONSENT.scheduleAtFixedRate(this::sendTwccFeedback, 100, 100, TimeUnit.MILLISECONDS);
    }
    Client client = new Client();
    try {
      dtls = new DTLSClientProtocol().connect(client, dtlsChannel);
    } catch (IOException e) {
      throw new IOException(name + ": DTLS handshake failed: " + e, e);
    }
    profile = client.chosen;
    SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExport(client.chosen, client.material, false);
    srtpRecv = new SrtpSession(keys);
    srtpSend = new SrtpSession(keys); // separate contexts: the receive thread and senders never share one
  }

  /** True once DTLS completed and SRTP keys exist. */
  public boolean isConnected() { return srtpSend != null && !closed; }

  /** True once a binding request got a valid success response. */
  public boolean isIceConnected() { return iceConnected.getCount() == 0; }

  /** The SRTP profile the server chose, or null before the handshake. */
  public SrtpProfile srtpProfile() { return profile; }

  private void sendBindingRequest() throws IOException {
    sendBindingRequest(true);
  }

  private void sendBindingRequest(boolean nominate) throws IOException {
    byte[] req = bindingRequest(nominate);
    sendRaw(req, 0, req.length);
  }

  private byte[] bindingRequest(boolean nominate) {
    byte[] txid = new byte[12];
    RANDOM.nextBytes(txid);
    StunMessage.Builder b = StunMessage.request(txid).username(remoteUfrag + ":" + localUfrag).priority(PRIORITY)
        .iceControlling(tieBreaker);
    if (nominate) b = b.useCandidate();
    return b.sign(remotePwd);
  }

  /**
   * Restarts ICE as the offerer: the next {@link #createOffer()} carries new credentials, and the
   * server's answer must carry new ones of its own. Consent checks use the new ones from then on.
   */
  public void restartIce() {
    newLocalCredentials();
    restartOffered = true;
  }

  private void newLocalCredentials() {
    localUfrag = randomIce(8);
    localPwd = randomIce(24);
  }

  /** The ICE ufrag this client's SDP carries now. */
  public String localUfrag() { return localUfrag; }

  /** Sends one consent check now (nominating unless {@code consentWithoutNomination}). */
  public void checkNow() throws IOException {
    sendBindingRequest(!opts.consentWithoutNomination);
  }

  /**
   * As a NAT that gives this client a new port (or a move to another network): from now on it
   * sends and receives on a fresh socket, keeping its ICE, DTLS and SRTP state. What the server
   * still sends to the old port is lost. Returns the new local address.
   */
  public InetSocketAddress rebind() throws IOException {
    DatagramSocket fresh = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    fresh.setReceiveBufferSize(opts.receiveBufferBytes);
    fresh.setSendBufferSize(1 << 20);
    fresh.setSoTimeout(socket.getSoTimeout());
    DatagramSocket old;
    synchronized (sendLock) {
      old = socket;
      socket = fresh;
    }
    old.close();
    return (InetSocketAddress) fresh.getLocalSocketAddress();
  }

  /**
   * Sends one authenticated binding request without USE-CANDIDATE from a socket of its own (another
   * address that knows the ICE password), and closes it: a check from a second address.
   */
  public void checkFromAnotherAddress() throws IOException {
    try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      byte[] req = bindingRequest(false);
      other.send(new DatagramPacket(req, req.length, remote));
    }
  }

  private void onStun(byte[] b, int len) {
    StunMessage m = StunMessage.parse(b, 0, len);
    if (m == null) return;
    if (m.type() == StunMessage.BINDING_SUCCESS && m.integrityValid(remotePwd)) {
      lastConsentNanos = System.nanoTime();
      iceConnected.countDown();
    } else if (m.type() == StunMessage.BINDING_ERROR) {
      stunErrors.incrementAndGet();
    }
  }

  /** System.nanoTime() of the last valid binding response (consent), 0 before any. */
  public long lastConsentNanos() { return lastConsentNanos; }

  /** DTLS 1.2 client with use_srtp, an ECDSA client certificate and server fingerprint checking. */
  private final class Client extends DefaultTlsClient {
    SrtpProfile chosen;
    byte[] material;

    Client() {
      super(new BcTlsCrypto(RANDOM));
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
          CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
          CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
          CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
          CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
      });
    }

    @Override
    public int getHandshakeTimeoutMillis() {
      return (int) opts.handshakeTimeout.toMillis();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
      Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
      int[] ids = opts.srtpProfiles.stream().mapToInt(SrtpProfile::dtlsId).toArray();
      TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
      return ext;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
      super.processServerExtensions(serverExtensions);
      UseSRTPData d = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
      if (d == null || d.getProtectionProfiles().length != 1) {
        throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server did not select one SRTP profile");
      }
      int id = d.getProtectionProfiles()[0];
      chosen = opts.srtpProfiles.stream().filter(p -> p.dtlsId() == id).findFirst()
          .orElseThrow(() -> new TlsFatalAlert(AlertDescription.illegal_parameter, "unoffered SRTP profile " + id));
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
          Certificate chain = sc.getCertificate();
          if (chain == null || chain.isEmpty()) throw new TlsFatalAlert(AlertDescription.bad_certificate);
          String actual = DtlsCertificate.fingerprintOf(chain.getCertificateAt(0).getEncoded());
          if (opts.verifyServerFingerprint && !actual.equalsIgnoreCase(remoteFingerprint)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "server certificate does not match its SDP");
          }
        }

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
          BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
          Certificate chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
              new BcTlsCertificate(crypto, certDer)});
          return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certKey, chain,
              SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
      };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      material = context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null,
          2 * (chosen.keyLength() + chosen.saltLength()));
    }
  }

  // ---------------------------------------------------------------------------------- receive

  private synchronized void startReceiver() {
    if (receiver != null) return;
    Thread t = new Thread(this::receiveLoop, "webrtc-client-" + name + "-rx");
    t.setDaemon(true);
    receiver = t;
    t.start();
  }

  private void receiveLoop() {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    InetSocketAddress from = remote;
    while (!closed) {
      try {
        p.setLength(buf.length);
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        if (closed || socket.isClosed()) return;
        continue;
      }
      long now = System.nanoTime();
      if (!from.equals(p.getSocketAddress())) continue; // only the server's candidate talks to us
      int len = p.getLength();
      if (len < 1) continue;
      int first = buf[0] & 0xFF;
      try {
        if (first <= 3) {
          onStun(buf, len);
        } else if (first >= 20 && first <= 63) {
          byte[] rec = new byte[len];
          System.arraycopy(buf, 0, rec, 0, len);
          dtlsChannel.offer(rec); // dropped when full: DTLS retransmits
        } else if (first >= 128 && first <= 191 && len >= 8) {
          onSrtp(buf, len, now);
        }
      } catch (RuntimeException e) {
        // a listener bug must not stop the client; count it as a failure
        srtpFailures.incrementAndGet();
      }
    }
  }

  private void onSrtp(byte[] b, int len, long now) {
    SrtpSession s = srtpRecv;
    if (s == null) {
      notReadyDrops.incrementAndGet();
      return;
    }
    for (Long gone; (gone = endedSsrcs.poll()) != null; ) s.forget(gone); // on this (the receive) thread
    int pt = b[1] & 0xFF;
    if (pt >= 192 && pt <= 223) {
      int n = s.unprotectRtcp(b, 0, len, u32(b, 4));
      if (n < 0) {
        srtpFailures.incrementAndGet();
        return;
      }
      rtcpReceived.incrementAndGet();
      RtcpListener l = opts.onRtcp;
      if (l != null) l.onRtcp(b, 0, n, now);
    } else {
      if (len < 12) return;
      int n = s.unprotectRtp(b, 0, len, u32(b, 8));
      if (n < 0) {
        srtpFailures.incrementAndGet();
        return;
      }
      rtpReceived.incrementAndGet();
      int tid = twccId;
      if (twccArrivals != null && tid > 0) {
        int e = RtpHeader.findExtension(b, 0, n, tid);
        if (e >= 0) {
          synchronized (twccArrivals) {
            twccArrivals.onPacket((b[e] & 0xFF) << 8 | (b[e + 1] & 0xFF), now / 1000);
          }
        }
      }
      RtpListener l = opts.onRtp;
      if (l != null) l.onRtp(b, 0, n, now);
    }
  }

  /** Decrypted RTP packets received. */
  public long rtpReceived() { return rtpReceived.get(); }
  /** Decrypted RTCP compounds received. */
  public long rtcpReceived() { return rtcpReceived.get(); }
  /** SRTP/SRTCP packets that failed authentication or replay checks (or listener exceptions). */
  public long srtpFailures() { return srtpFailures.get(); }
  /** SRTP packets that arrived before this client had keys. */
  public long notReadyDrops() { return notReadyDrops.get(); }
  /** RTP packets this client sent. */
  public long rtpSent() { return rtpSent.get(); }

  // ------------------------------------------------------------------------------------- send

  /**
   * Encrypts and sends one complete plaintext RTP packet {@code rtp[off, off+len)} (left untouched)
   * under the SSRC in its header.
   */
  public void sendRtp(byte[] rtp, int off, int len) throws IOException {
    synchronized (sendLock) {
      System.arraycopy(rtp, off, sendBuf, 0, len);
      protectAndSend(len, false);
    }
  }

  /** Sends one Opus packet (PT 111) on the audio SSRC; returns the RTP sequence number used. */
  public int sendAudio(long timestamp, byte[] payload, int off, int len) throws IOException {
    synchronized (sendLock) {
      int seq = audioSeq++ & 0xFFFF;
      writeAndSend(OPUS_PT, false, seq, timestamp, audioSsrc, payload, off, len);
      return seq;
    }
  }

  /** Sends one VP8 packet (PT 96) on the video SSRC; returns the RTP sequence number used. */
  public int sendVideo(long timestamp, boolean marker, byte[] payload, int off, int len) throws IOException {
    synchronized (sendLock) {
      int seq = videoSeq++ & 0xFFFF;
      writeAndSend(VP8_PT, marker, seq, timestamp, videoSsrc, payload, off, len);
      return seq;
    }
  }

  /** Sends an RTX packet (PT 97, RFC 4588) for {@code originalSeq}; the SFU must drop it upstream. */
  public int sendVideoRtx(int originalSeq, long timestamp, byte[] payload, int off, int len) throws IOException {
    byte[] p = new byte[len + 2];
    p[0] = (byte) (originalSeq >> 8);
    p[1] = (byte) originalSeq;
    System.arraycopy(payload, off, p, 2, len);
    synchronized (sendLock) {
      int seq = rtxSeq++ & 0xFFFF;
      writeAndSend(RTX_PT, false, seq, timestamp, rtxSsrc, p, 0, p.length);
      return seq;
    }
  }

  private void writeAndSend(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload, int off, int len)
      throws IOException {
    if (len + 12 + 30 > sendBuf.length) throw new IllegalArgumentException("payload too large: " + len);
    sendBuf[0] = (byte) 0x80;
    sendBuf[1] = (byte) ((marker ? 0x80 : 0) | pt);
    RtpHeader.setSequenceNumber(sendBuf, 0, seq);
    RtpHeader.setTimestamp(sendBuf, 0, ts);
    RtpHeader.setSsrc(sendBuf, 0, ssrc);
    System.arraycopy(payload, off, sendBuf, 12, len);
    protectAndSend(12 + len, false);
  }

  /** Encrypts and sends a plaintext (compound) RTCP packet under the sender SSRC at bytes 4..7. */
  public void sendRtcp(byte[] rtcp) throws IOException {
    synchronized (sendLock) {
      System.arraycopy(rtcp, 0, sendBuf, 0, rtcp.length);
      protectAndSend(rtcp.length, true);
    }
  }

  /** Sends RR + generic NACK (RFC 4585) for {@code lost} on the media SSRC {@code mediaSsrc}. */
  public void sendNack(long mediaSsrc, List<Integer> lost) throws IOException {
    sendRtcp(RtcpWriter.compound(RtcpWriter.receiverReport(new ReceiverReport(rtcpSsrc, List.of())),
        RtcpWriter.nack(rtcpSsrc, mediaSsrc, lost)));
  }

  /** Transport-wide feedback for what arrived since the last call (with {@link Options#twccFeedback}). */
  private void sendTwccFeedback() {
    try {
      if (closed || srtpSend == null || twccArrivals == null) return;
      List<byte[]> fb;
      synchronized (twccArrivals) {
        if (!twccArrivals.hasPending()) return;
        fb = twccArrivals.drain(rtcpSsrc, remoteTracks.isEmpty() ? 1 : remoteTracks.get(0).ssrc());
      }
      for (byte[] p : fb) sendRtcp(p);
      twccFeedbackSent.addAndGet(fb.size());
    } catch (IOException | RuntimeException ignored) {
      // the next round sends what arrived meanwhile
    }
  }

  /** Transport-wide CC feedback packets sent (with {@link Options#twccFeedback}). */
  public long twccFeedbackSent() { return twccFeedbackSent.get(); }

  /** Sends RR + PLI on the media SSRC {@code mediaSsrc}. */
  public void sendPli(long mediaSsrc) throws IOException {
    sendRtcp(RtcpWriter.compound(RtcpWriter.receiverReport(new ReceiverReport(rtcpSsrc, List.of())),
        RtcpWriter.pli(rtcpSsrc, mediaSsrc)));
  }

  /** Caller holds sendLock; the plaintext is in sendBuf[0, len). */
  private void protectAndSend(int len, boolean rtcp) throws IOException {
    SrtpSession s = srtpSend;
    if (s == null) throw new IllegalStateException(name + ": not connected");
    int n = rtcp ? s.protectRtcp(sendBuf, 0, len, u32(sendBuf, 4)) : s.protectRtp(sendBuf, 0, len, u32(sendBuf, 8));
    if (n < 0) throw new IOException(name + ": SRTP protect failed");
    sendPacket.setData(sendBuf, 0, n);
    socket.send(sendPacket);
    if (!rtcp) rtpSent.incrementAndGet();
  }

  /**
   * Sends {@code b[off, off+len)} as one datagram to the server's candidate, unencrypted and
   * unchecked: for robustness tests (garbage, replays, forged SRTP) from an address ICE validated.
   */
  public void sendDatagram(byte[] b, int off, int len) throws IOException {
    if (remote == null) throw new IllegalStateException(name + ": apply the server's SDP first");
    sendRaw(b, off, len);
  }

  private void sendRaw(byte[] b, int off, int len) throws IOException {
    InetSocketAddress to = remote;
    socket.send(new DatagramPacket(b, off, len, to));
  }

  // ------------------------------------------------------------------------------------ close

  @Override
  public void close() {
    if (closed) return;
    ScheduledFuture<?> c = consent;
    if (c != null) c.cancel(false);
    ScheduledFuture<?> tw = twccTask;
    if (tw != null) tw.cancel(false);
    DTLSTransport d = dtls;
    if (d != null) {
      try {
        d.close(); // close_notify, while the socket is still open
      } catch (IOException | RuntimeException ignored) {
        // best effort
      }
    }
    closed = true;
    socket.close();
    Thread t = receiver;
    if (t != null) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    SrtpSession s = srtpSend;
    if (s != null) s.close();
    s = srtpRecv;
    if (s != null) s.close();
  }

  @Override
  public String toString() {
    return "WebRtcTestClient[" + name + ", " + (isConnected() ? "connected " + profile : "not connected") + "]";
  }

  // ---------------------------------------------------------------------------------- helpers

  static long u32(byte[] b, int o) {
    return ((b[o] & 0xFFL) << 24) | ((b[o + 1] & 0xFFL) << 16) | ((b[o + 2] & 0xFFL) << 8) | (b[o + 3] & 0xFFL);
  }

  private static long randomSsrc() {
    return 1 + (RANDOM.nextLong() & 0x7FFFFFFEL);
  }

  private static String randomIce(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
    return new String(c);
  }
}
