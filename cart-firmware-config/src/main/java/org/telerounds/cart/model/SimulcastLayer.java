package org.telerounds.cart.model;

/**
 * One simulcast encoding of a camera, as a browser's {@code RTCRtpEncodingParameters}: its RTP
 * stream id, how much it scales the capture down ({@code scaleResolutionDownBy}) and its bitrate
 * cap. Layers are listed largest first.
 */
public record SimulcastLayer(String rid, int scaleDownBy, int maxBitrateKbps) {}
