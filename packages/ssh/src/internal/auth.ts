import { readFile } from "node:fs/promises";
import { AuthenticationError, deviceLabel, type ErrorContext, type Logger } from "@patchbay/core";
import type { AnyAuthMethod, AuthHandlerMiddleware } from "ssh2";
import type { ResolvedSshOptions } from "../options.ts";

type Ssh2 = typeof import("ssh2");

/** The private key material: given inline, or read from `privateKeyPath` (a read failure is an AuthenticationError). */
export async function readPrivateKey(
  options: Pick<ResolvedSshOptions, "privateKey" | "privateKeyPath">,
  context: ErrorContext,
): Promise<string | Buffer | undefined> {
  const { privateKey, privateKeyPath } = options;
  if (privateKey !== undefined) return privateKey;
  if (privateKeyPath === undefined) return undefined;
  try {
    return await readFile(privateKeyPath);
  } catch (err) {
    throw new AuthenticationError(
      `${deviceLabel(context)}cannot read the private key file ${privateKeyPath}: ${(err as Error).message}.`,
      { ...context, cause: err },
    );
  }
}

/**
 * Step 3: ssh2's authentication middleware, trying the methods of `authOrder` that have credentials
 * (and that the server still allows), each once. Throws `AuthenticationError` when none has.
 */
export function createAuthHandler(
  lib: Ssh2,
  key: string | Buffer | undefined,
  options: Pick<ResolvedSshOptions, "username" | "password" | "passphrase" | "agent" | "authOrder">,
  context: ErrorContext,
  logger: Logger,
): AuthHandlerMiddleware {
  const { username, password, passphrase, agent, authOrder } = options;
  const queue: AnyAuthMethod[] = [];
  for (const method of authOrder) {
    if (method === "publickey" && key !== undefined) {
      const parsed = lib.utils.parseKey(key, passphrase);
      if (parsed instanceof Error) {
        throw new AuthenticationError(
          `${deviceLabel(context)}cannot use the private key: ${parsed.message.replace(/passphrase/i, "passphrase")}` +
            (passphrase === undefined ? " (is it encrypted? set passphrase)." : " (wrong passphrase?)."),
          { ...context },
        );
      }
      queue.push({ type: "publickey", username, key, ...(passphrase === undefined ? {} : { passphrase }) });
    } else if (method === "agent" && agent !== undefined) {
      queue.push({ type: "agent", username, agent });
    } else if (method === "password" && password !== undefined) {
      queue.push({ type: "password", username, password });
    } else if (method === "keyboard-interactive" && password !== undefined) {
      let rounds = 0;
      queue.push({
        type: "keyboard-interactive",
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => {
          // Answer password prompts; refuse to loop forever on a server that keeps asking.
          rounds++;
          finish(rounds > 3 ? [] : prompts.map(() => password));
        },
      });
    }
  }
  if (queue.length === 0) {
    throw new AuthenticationError(
      `${deviceLabel(context)}no credentials: set a password, privateKey/privateKeyPath or agent.`,
      { ...context },
    );
  }
  return (methodsLeft, _partial, next) => {
    while (queue.length > 0) {
      const auth = queue.shift();
      if (auth === undefined) break;
      const wire = auth.type === "agent" ? "publickey" : auth.type;
      if (methodsLeft === null || methodsLeft === undefined || methodsLeft.includes(wire as never)) {
        logger.debug({ method: auth.type }, "trying authentication method");
        next(auth);
        return;
      }
    }
    next(false as never);
  };
}
