package dev.vigil.cli;

/** The {@code vigil} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Vigil.run(args, System.out, System.err));
  }
}
