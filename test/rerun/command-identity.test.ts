/**
 * Command identity by shell words (source/model/command-identity.ts): table tests of the splitting, and
 * of which spellings are one command and which are not.
 */
import test from 'ava';
import { commandIdentity, splitShellWords } from '../../source/model/command-identity.js';

const SPLITS: Array<[string, string[] | null]> = [
	['cargo fmt --all --check', ['cargo', 'fmt', '--all', '--check']],
	['  cargo   fmt\t--all  ', ['cargo', 'fmt', '--all']],
	// Literal text is spelled once: quotes and escapes removed, unsafe characters backslashed.
	['echo \'a b\' "c d" e\\ f', ['echo', 'a\\ b', 'c\\ d', 'e\\ f']],
	['echo "a"\'b\'c', ['echo', 'abc']],
	['echo \'\' ""', ['echo', '', '']],
	// Expansions keep their meaning: unquoted, double-quoted and literal `$` are three different things.
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	['echo $HOME', ['echo', '${HOME}']],
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	['echo "$HOME"', ['echo', '"${HOME}"']],
	["echo '$HOME'", ['echo', '\\$HOME']],
	['echo \\$HOME', ['echo', '\\$HOME']],
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	['echo "$a$b" "$a""$b"', ['echo', '"${a}${b}"', '"${a}${b}"']],
	// A parameter is written with braces, so what follows it cannot join its name.
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	["echo $x'y' $xy", ['echo', '${x}y', '${xy}']],
	['echo $(git rev-parse HEAD) `date`', ['echo', '$(git rev-parse HEAD)', '`date`']],
	['echo "$(printf "%s" "a b")"', ['echo', '"$(printf "%s" "a b")"']],
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	['[ -z "${!v:-}" ]', ['[', '-z', '"${!v:-}"', '\\]']],
	["echo $'a\\tb'", ['echo', "$'a\\tb'"]],
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	['echo $1 $? $$ $ $10', ['echo', '${1}', '${?}', '${$}', '\\$', '${1}0']],
	// bash's locale quoting is kept as written.
	['echo $"abc"', ['echo', '$"abc"']],
	// An assignment is an unquoted name and `=`; quoted, it is a plain word.
	['FOO=1 BAR+=2 make X=a=b', ['FOO=1', 'BAR+=2', 'make', 'X=a\\=b']],
	["'FOO=1' FOO'=1' F\\OO=1 FOO''=1 make", ['FOO\\=1', 'FOO\\=1', 'FOO\\=1', 'FOO\\=1', 'make']],
	// Reserved words unquoted are syntax; quoted they are words, marked by a backslash.
	[
		"! true; '!' true; time ls; 'time' ls; [[ a ]]; ']]'",
		['!', 'true', ';', '\\!', 'true', ';', 'time', 'ls', ';', '\\time', 'ls', ';', '[[', 'a', ']]', ';', '\\]\\]'],
	],
	// Patterns act unquoted only.
	['ls *.ts', ['ls', '*.ts']],
	["ls '*.ts'", ['ls', '\\*.ts']],
	['echo ~ a~b', ['echo', '~', 'a\\~b']],
	// A tilde prefix with anything quoted in it is a literal `~`; in an assignment one follows `=` and `:`.
	["echo ~root ~'root' ~/x ~'/x' ~''", ['echo', '~root', '\\~root', '~/x', '\\~/x', '\\~']],
	["x=~/a:~/b y='~'/a echo=~/c", ['x=~/a:~/b', 'y=\\~/a', 'echo=~/c']],
	// Operators are tokens of their own, whatever the spacing; a quoted one is a word.
	['a;b', ['a', ';', 'b']],
	['a ; b', ['a', ';', 'b']],
	["a ';' b", ['a', '\\;', 'b']],
	['a&&b||c|d', ['a', '&&', 'b', '||', 'c', '|', 'd']],
	['cmd >out 2>&1 <in', ['cmd', '>', 'out', '2>&', '1', '<', 'in']],
	['cmd 2 >&1', ['cmd', '2', '>&', '1']],
	// Comments, continuations and trailing separators do not count; a newline separates commands.
	['echo hi # a comment', ['echo', 'hi']],
	['echo a#b', ['echo', 'a\\#b']],
	['echo a\\\nb', ['echo', 'ab']],
	['echo a;', ['echo', 'a']],
	['echo a\necho b\n', ['echo', 'a', ';', 'echo', 'b']],
	['a &&\nb', ['a', '&&', 'b']],
	// Unclosed quotes and substitutions cannot be split.
	["echo 'open", null],
	['echo "open', null],
	['echo $(open', null],
	['echo `open', null],
	['echo trailing\\', null],
	// A here-document's body is text, not words.
	["cat <<'E'\na  b\nE", null],
	['cat <<-E\n\ta\nE', null],
];

for (const [command, words] of SPLITS) {
	test(`splits ${JSON.stringify(command)}`, (t) => {
		t.deepEqual(splitShellWords(command), words);
	});
}

const SAME: Array<[string, string]> = [
	// The real case (arco-6ba74a9): the tracker quotes the argument, the status TSV recorded it unquoted.
	["buf breaking proto/ --against '.git#branch=main,subdir=proto'", 'buf breaking proto/ --against .git#branch=main,subdir=proto'],
	['cargo test -p lumen', 'cargo  test  -p  lumen'],
	["grep -n 'a b' file", 'grep -n "a b" file'],
	["grep -n 'a b' file", 'grep -n a\\ b file'],
	['a;b', 'a ; b'],
	['a\nb', 'a; b'],
	['echo x # note', 'echo x'],
	// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
	['echo $x', 'echo ${x}'],
	['echo "$x"y', 'echo "$x"\'y\''],
	['make --opt=a', "make '--opt=a'"],
];

const DIFFERENT: Array<[string, string]> = [
	['echo $HOME', "echo '$HOME'"],
	['echo $HOME', 'echo "$HOME"'],
	['ls *.ts', "ls '*.ts'"],
	["a ';' b", 'a ; b'],
	['cmd 2>&1', 'cmd 2 >&1'],
	['cargo test', 'cargo test -p lumen'],
	["echo 'open", 'echo open'],
	// A parameter followed by quoted or escaped name characters is not a longer parameter.
	["echo $x'y'", 'echo $xy'],
	['echo $x"y"', 'echo $xy'],
	['echo $x\\y', 'echo $xy'],
	// Quoting that changes what a word is.
	['FOO=1 make', "'FOO=1' make"],
	['! true', "'!' true"],
	['time ls', "'time' ls"],
	['x=~/a', "x='~'/a"],
	["echo ~'root'", 'echo ~root'],
	['echo $"abc"', "echo '$abc'"],
	// Here-document bodies are compared as text.
	["cat <<'E'\na  b\nE", "cat <<'E'\na b\nE"],
];

for (const [a, b] of SAME) {
	test(`one command: ${JSON.stringify(a)} and ${JSON.stringify(b)}`, (t) => {
		t.is(commandIdentity(a), commandIdentity(b));
	});
}

for (const [a, b] of DIFFERENT) {
	test(`two commands: ${JSON.stringify(a)} and ${JSON.stringify(b)}`, (t) => {
		t.not(commandIdentity(a), commandIdentity(b));
	});
}

test('a command that cannot be split is only the same as its own text', (t) => {
	t.is(commandIdentity("echo 'open"), commandIdentity("  echo 'open "));
	t.not(commandIdentity("echo 'open"), commandIdentity("echo 'open'"));
});

// Commands of plain characters take a short way (no character-by-character walk); it must give exactly the
// words the tokenizer gives. A trailing comment sends the same command the long way without changing its words.
test('plain commands split the short way into the same words, and the same identity, as the tokenizer', (t) => {
	const alphabet = ['a', 'Z', '_', '0', '9', '.', '/', ':', '@', '%', '+', '^', ',', '=', '-', ' ', '\t', 'x', 'time', 'in'];
	let seed = 7;
	const random = (below: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed % below;
	};
	for (let sample = 0; sample < 5000; sample += 1) {
		const length = random(12);
		let command = '';
		for (let index = 0; index < length; index += 1) command += alphabet[random(alphabet.length)];
		const slow = splitShellWords(`${command} #`);
		t.deepEqual(splitShellWords(command), slow, JSON.stringify(command));
		t.is(commandIdentity(command), `words:${JSON.stringify(slow)}`, JSON.stringify(command));
	}
	t.deepEqual(splitShellWords('FOO=1 a+b=c =x make --against=.git#x'), ['FOO=1', 'a+b\\=c', '\\=x', 'make', '--against\\=.git\\#x']);
});
