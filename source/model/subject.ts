/**
 * What sign-offs, findings, history lines and the go-to prompt are about: a gate by number or a signal by
 * id. Code passes the typed key; the label (`gate 3`, `G3-002`) is only for text and files.
 */
export type SubjectKey = { kind: 'gate'; gateId: number } | { kind: 'signal'; signalId: string };

export function gateKey(gateId: number): SubjectKey {
	return { kind: 'gate', gateId };
}

export function signalKey(signalId: string): SubjectKey {
	return { kind: 'signal', signalId };
}

/** `gate 3`: how messages, findings and the sign-off history name a gate. */
export function gateLabel(gateId: number): string {
	return `gate ${gateId}`;
}

/** `gate 3` or `G3-002`. */
export function subjectLabel(key: SubjectKey): string {
	return key.kind === 'gate' ? gateLabel(key.gateId) : key.signalId;
}

export function sameSubject(a: SubjectKey, b: SubjectKey): boolean {
	return a.kind === 'gate' ? b.kind === 'gate' && a.gateId === b.gateId : b.kind === 'signal' && a.signalId === b.signalId;
}

const GATE_LABEL = /^gate (\d+)$/;

/**
 * The key a label written by this program names (`gate 3`, else a signal id), for reading records back
 * from files such as the sign-off history.
 */
export function subjectFromLabel(label: string): SubjectKey {
	const gate = GATE_LABEL.exec(label);
	return gate ? gateKey(Number(gate[1])) : signalKey(label);
}
