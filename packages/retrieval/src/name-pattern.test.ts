import { namePattern } from './name-pattern';
import { skillKey } from './skill-key';

describe('finding a skill name in prose', () => {
  it.each<[string, string, boolean]>([
    ['Kubernetes', 'ran three Kubernetes clusters', true],
    ['Kubernetes', 'kubernetes-based platform', true],
    ['API', 'designed public APIs', true],
    ['Node.js', 'services in NodeJS', true],
    ['REST API design', 'REST   API design reviews', true],
    ['Go', 'services written in Go and Rust', true],
    ['Go', 'owned the go-to-market plan', false],
    ['Go', 'Go-to-market plan', false],
    ['Go', 'we had to go live fast', false],
    ['PM', 'worked with the PM on scope', true],
    ['PM', 'after 5 pm', false],
    ['Java', 'JavaScript frontends', false],
    ['C++', 'low-latency C++ engines', true],
    ['C#', 'C# and .NET services', true],
    ['Excel', 'excellent results', false],
  ])('%s in "%s": %s', (name, text, found) => {
    expect(namePattern(name).test(text)).toBe(found);
  });
});

describe('skillKey', () => {
  it('folds case, spacing and punctuation people vary', () => {
    expect(skillKey(' Node.JS ')).toBe(skillKey('nodejs'));
    expect(skillKey('CI / CD')).toBe(skillKey('ci/cd'));
  });

  it('keeps the characters that make a different skill', () => {
    expect(skillKey('C++')).not.toBe(skillKey('C'));
    expect(skillKey('C#')).not.toBe(skillKey('C'));
  });
});
