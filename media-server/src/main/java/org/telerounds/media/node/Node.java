package org.telerounds.media.node;

import org.telerounds.media.metrics.MediaMetrics.DropReason;

/**
 * One step of the media path with one job. A packet comes in through {@link #accept}, the node
 * does its job in {@link #process}, and then either passes the packet on ({@link #emit}) or drops
 * it with a reason ({@link #drop}). Every node counts packets in, out and dropped by reason, as
 * plain fields: a chain runs on one event loop, and {@link NodeStats} only reads them for
 * {@code /metrics}. Closing a node hands its counts to the totals of its kind.
 */
public abstract class Node implements AutoCloseable {
  private static final int REASONS = DropReason.values().length;
  private final String kind;
  private final NodeStats stats;
  private Node next;
  private long in;
  private long out;
  private final long[] drops = new long[REASONS];
  private boolean closed;

  /** {@code kind} is the node's metric label (a few fixed names, never an id). */
  protected Node(String kind, NodeStats stats) {
    this.kind = kind;
    this.stats = stats;
    stats.register(this);
  }

  public final String kind() {
    return kind;
  }

  /** Takes one packet: counts it and does this node's job. */
  public final void accept(PacketInfo p) {
    in++;
    process(p);
  }

  /** This node's job: ends in {@link #emit}, {@link #drop}, or (a sink) neither. */
  protected abstract void process(PacketInfo p);

  /** Passes the packet to the next node (if there is one) and counts it out. */
  protected final void emit(PacketInfo p) {
    out++;
    Node n = next;
    if (n != null) n.accept(p);
  }

  /** Counts the packet out to a target that is not the chain's next node (a fan-out's legs). */
  protected final void emitTo(Node target, PacketInfo p) {
    out++;
    target.accept(p);
  }


  /** The packet stops here, for {@code reason}. */
  protected final void drop(DropReason reason) {
    if (drops[reason.ordinal()]++ == 0) stats.firstDrop(this, reason);
    stats.dropped(reason);
  }

  /** Links {@code n} after this node and returns it, so a chain reads {@code a.then(b).then(c)}. */
  public final <T extends Node> T then(T n) {
    this.next = n;
    return n;
  }

  public final Node next() {
    return next;
  }

  public final long in() {
    return in;
  }

  public final long out() {
    return out;
  }

  public final long drops(DropReason reason) {
    return drops[reason.ordinal()];
  }

  /** The node is done: its counts move to its kind's totals (idempotent). */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    stats.retire(this);
  }
}
