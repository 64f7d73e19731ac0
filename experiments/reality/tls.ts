/**
 * A throwaway certificate authority and server certificate, made by `openssl` at run time in a
 * temporary directory: nothing secret is committed, and every run trusts only its own CA.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Certificates {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** The CA in PEM, for the clients' `ca` option. */
  caPem: string;
}

/** Makes a P-256 CA and a server certificate for IP 127.0.0.1 (valid one day) under `dir`. */
export function makeCertificates(dir: string): Certificates {
  const file = (name: string) => join(dir, name);
  // EC keys: generation is instant, where RSA-2048 would cost seconds on a busy machine.
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ecKey, "-keyout", file("ca.key"), "-out", file("ca.crt"), "-days", "1", "-subj", "/CN=poolsim reality CA"]);
  openssl(["req", ...ecKey, "-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=127.0.0.1"]);
  writeFileSync(file("san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key"),
    "-CAcreateserial", "-out", file("server.crt"), "-days", "1", "-extfile", file("san.ext")]);
  return { caFile: file("ca.crt"), certFile: file("server.crt"), keyFile: file("server.key"), caPem: readFileSync(file("ca.crt"), "utf8") };
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"], timeout: 20_000 });
}
