import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { extractDocumentText } from './extract-document-text';
import { parseJdText } from './jd-text-parser';
import { docxOf } from './test-documents.fixture';

const knowledge = loadKnowledgeBase();
const JD = readFileSync(join(__dirname, '..', 'corpus', 'jd', '00-platform-engineer.md'), 'utf8');

describe('parseJdText', () => {
  it('reads the title, company, seniority, requirements with importance and years, and responsibilities of a Markdown job ad', () => {
    const { jd, report } = parseJdText(JD, knowledge);
    expect(jd).toMatchObject({ title: 'Senior Platform Engineer', company: 'Acme Payments', seniority: 'senior' });
    expect(jd.requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Kubernetes', importance: 'must' },
      { skill: 'Terraform', importance: 'must' },
      { skill: 'AWS', importance: 'must' },
      { skill: 'Helm charts', importance: 'nice' },
      { skill: 'Prometheus', importance: 'nice' },
      { skill: 'Incident management', importance: 'must' },
      { skill: 'Python', importance: 'nice' },
      { skill: 'Networking', importance: 'must' },
    ]);
    expect(jd.responsibilities).toEqual(['Own our Kubernetes platform and its upgrades', 'Build self-service tooling for 20 product teams']);
    // "30 days of holiday" under Benefits is no requirement.
    expect(report.warnings).toEqual([]);
  });

  it('takes importance from the section, then from cues in the line, and says how many it had to assume', () => {
    const { jd, report } = parseJdText(
      ['Data Analyst', '', 'Requirements', '- SQL', '- Tableau would be a plus', '- Familiarity with dbt', '', 'Skills', '- Python', '- Statistics, ideally Bayesian'].join('\n'),
      knowledge,
    );
    expect(jd.requirements.map(({ skill, importance }) => [skill, importance])).toEqual([
      ['SQL', 'must'],
      ['Tableau', 'nice'],
      ['dbt', 'should'],
      ['Python', 'should'],
      // "ideally" weighs only what follows it.
      ['Statistics', 'should'],
      ['Bayesian', 'nice'],
    ]);
    expect(report.warnings).toEqual(['2 requirements had no importance; taken as should.']);
    expect(report.confidence.importance).toBe(0.67);
  });

  it('reads the years asked for in the usual phrasings, and seniority from them when the title says none', () => {
    const { jd } = parseJdText(['Backend Engineer', 'Must have', '- at least 3 years with Kubernetes', "- 2-4 years' experience in Python", '- Go: 7+ yrs'].join('\n'), knowledge);
    expect(jd.requirements.map(({ skill, years }) => [skill, years])).toEqual([
      ['Kubernetes', 3],
      ['Python', 2],
      ['Go', 7],
    ]);
    // Years alone never make a lead (a title does): 7 years asked for is senior.
    expect(jd.seniority).toBe('senior');
  });

  it('reads a pasted job ad without headings from the lines that say what they need', () => {
    const { jd, report } = parseJdText('Junior QA Engineer\nYou will test our mobile apps.\n- Selenium is required\n- Ideally some Java', knowledge);
    expect(jd).toMatchObject({ title: 'Junior QA Engineer', seniority: 'junior' });
    expect(jd.requirements.map(({ skill, importance }) => [skill, importance])).toEqual([
      ['Selenium', 'must'],
      ['Java', 'nice'],
    ]);
    expect(report.warnings[0]).toMatch(/No section headings/);
  });

  it('reads the same job ad from a Word document', async () => {
    const { text } = await extractDocumentText('jd', await docxOf(JD.split('\n')));
    expect(parseJdText(text, knowledge).jd.requirements).toEqual(parseJdText(JD, knowledge).jd.requirements);
  });

  it('reads a pasted paragraph sentence by sentence', () => {
    const { jd } = parseJdText("Backend Engineer\nYou'll need 5+ years of Go and solid Kubernetes. Terraform is a plus.", knowledge);
    expect(jd.requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Kubernetes', importance: 'must' },
      { skill: 'Terraform', importance: 'nice' },
    ]);
  });

  it('refuses a job ad that names no requirement it can read, rather than make one up', () => {
    expect(() => parseJdText('Softwareentwickler (m/w/d)\nWir freuen uns auf Ihre Bewerbung!', knowledge)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_REFUSED', message: expect.stringMatching(/^The job description names no skill gapflow could read as a requirement\. List the requirements/) }),
    );
  });
});

describe('parseJdText: a requirement in the ad’s own words', () => {
  const skillsOf = (lines: string[]) => parseJdText(['Account Executive', '', 'Requirements', ...lines.map((line) => `- ${line}`)].join('\n'), knowledge).jd.requirements.map((requirement) => requirement.skill);

  it('keeps the ad’s longer name of a known skill, not a phrase that goes on', () => {
    expect(skillsOf(['3+ years of closing experience in B2B SaaS sales is required'])).toEqual(['B2B SaaS sales']);
    expect(skillsOf(['Time-series forecasting experience'])).toEqual(['Time-series forecasting']);
    expect(skillsOf(['Experience designing and versioning REST APIs'])).toEqual(['REST APIs']);
    expect(skillsOf(['Working knowledge of WCAG accessibility guidelines'])).toEqual(['WCAG']);
  });

  it('drops the words around a skill: how good, what evidence, which kind', () => {
    expect(skillsOf(['Consistent quota attainment is required'])).toEqual(['quota attainment']);
    expect(skillsOf(['CPA certification'])).toEqual(['CPA']);
    expect(skillsOf(['A track record of shipping B2B SaaS products'])).toEqual(['B2B SaaS']);
    expect(skillsOf(['Excellent written and spoken English'])).toEqual(['English']);
    expect(skillsOf(['Strong organizational skills: you can juggle 70 accounts'])).toEqual(['organizational skills']);
    expect(skillsOf(['Healthcare or healthtech experience'])).toEqual(['Healthcare']);
    expect(skillsOf(['5+ years of FP&A experience'])).toEqual(['FP&A']);
  });

  it('reads every item of an enumeration, known or not', () => {
    expect(skillsOf(['Solid grounding in statistics and experimental design'])).toEqual(['Statistics', 'experimental design']);
  });

  it('leaves out where a skill is used, not what it is', () => {
    expect(skillsOf(['Experience in technical sales in industrial automation'])).toEqual(['technical sales']);
    expect(skillsOf(['Clinical screening on medical wards'])).toEqual(['Clinical screening']);
    expect(skillsOf(['Team leading experience in a warehouse'])).toEqual(['Team leading']);
    expect(skillsOf(['Experience as nurse in charge of a ward'])).toContain('nurse in charge');
    expect(skillsOf(['A degree in computer science'])).toEqual(['degree in computer science']);
  });

  it('asks for every name the ad uses, and gives the years after a label to the label', () => {
    const { jd } = parseJdText(['Data Scientist', '', 'Requirements', '- Python: 3+ yrs, including pandas, NumPy and scikit-learn', '- 2 yrs+ Class 1 experience'].join('\n'), knowledge);
    expect(jd.requirements.map(({ skill, years }) => `${skill}${years ? `/${years}` : ''}`)).toEqual(expect.arrayContaining(['Python/3', 'pandas', 'NumPy', 'scikit-learn', 'Class 1/2']));
  });

  it('reads a list item of two sentences as two asks, each with its own weight', () => {
    const { jd } = parseJdText(['MEL Officer', '', 'Requirements', '- Bachelor’s degree in Statistics, Economics, Public Health or a related field. A Master’s degree will be an added advantage.', '- Strong analytical and report writing skills'].join('\n'), knowledge);
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`)).toEqual(expect.arrayContaining(['Bachelor’s degree/must', 'Master’s degree/nice', 'analytical skills/must', 'report writing/must']));
  });

  it('names the tool an activity is done in, a name without the kind of thing it is, and a skill without the verb before it', () => {
    expect(skillsOf(['Scripting in Go'])).toEqual(['Go']);
    expect(skillsOf(['Experience with data visualisation in Power BI or Tableau'])).toEqual(['Power BI', 'Tableau']);
    expect(skillsOf(['Istio service mesh'])).toEqual(['Istio']);
    expect(skillsOf(['Experience using Paragon routing'])).toEqual(['Paragon']);
    expect(skillsOf(['Able to read electrical schematics'])).toEqual(['electrical schematics']);
    expect(skillsOf(['4+ years building production machine learning models']).map((skill) => skill.toLowerCase())).toEqual(['machine learning']);
  });

  it('reads a degree in two fields whole, the standard a method follows, and a list after a label addressed to the reader', () => {
    expect(skillsOf(['Bachelor’s degree in Electrical or Mechanical Engineering'])).toEqual(['Bachelor’s degree in Electrical or Mechanical Engineering']);
    expect(skillsOf(['Familiarity with risk assessment according to EN ISO 12100'])).toEqual(['risk assessment', 'EN ISO 12100']);
    expect(skillsOf(['You write tests: unit tests with JUnit and UI tests with Espresso'])).toEqual(expect.arrayContaining(['JUnit', 'Espresso']));
    expect(skillsOf(['Automotive / OEM experience'])).toEqual(['Automotive', 'OEM']);
  });

  it('reads each clause of a list item on its own, a list past its commas, and a name longer than a clause', () => {
    const { jd } = parseJdText(['Design Engineer', '', 'Requirements', '- Confident handling of SolidWorks; experience with PDM and ERP systems, ideally SAP', '- Very good German (at least C1) and good English skills', '- CI/CD for mobile (GitHub Actions, Fastlane)', '- AWS Certified Solutions Architect – Professional or CKA', '- Postgraduate Diploma in Clinical Pharmacy, or working towards'].join('\n'), knowledge);
    const requirements = jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);
    expect(requirements).toEqual(expect.arrayContaining(['SolidWorks/must', 'PDM/must', 'ERP/must', 'SAP/nice', 'German/must', 'English/must', 'GitHub Actions/must', 'Fastlane/must', 'CKA/must', 'Postgraduate Diploma in Clinical Pharmacy/must']));
    expect(requirements.some((requirement) => /^(?:not|also)\//i.test(requirement))).toBe(false);
  });

  it('keeps the words in parentheses that are part of a name, a certification’s name whole, and the examples an item gives', () => {
    expect(skillsOf(['Knowledge of the Road Transport (Working Time) Regulations'])).toEqual(['Road Transport (Working Time) Regulations']);
    expect(skillsOf(['Transport Manager CPC (Road Haulage)'])).toEqual(['Transport Manager CPC (Road Haulage)']);
    expect(skillsOf(['ICA Diploma in Anti Money Laundering (or working towards it) preferred'])).toEqual(['ICA Diploma in Anti Money Laundering']);
    expect(skillsOf(['AWS Certified Solutions Architect – Professional or CKA'])).toEqual(['AWS Certified Solutions Architect – Professional', 'CKA']);
    expect(skillsOf(['Extended duties such as impression taking or oral health education'])).toEqual(['impression taking', 'oral health education']);
  });

  it('reads the field a degree of no level asks for, a name that begins with “Advanced”, and the tool the employer says it uses', () => {
    expect(skillsOf(['Degree in Computer Science, Computer Engineering or equivalent'])).toEqual(['Computer Science']);
    expect(skillsOf(['First level degree in nursing or equivalent experience'])).toEqual(['degree in nursing']);
    expect(skillsOf(['Master of Pharmacy (MPharm) degree or equivalent'])).toEqual(['Master of Pharmacy (MPharm)']);
    expect(skillsOf(['Advanced Life Support (ALS) provider'])).toEqual(['Advanced Life Support (ALS)']);
    expect(skillsOf(['Confident using practice software - we use Dentally'])).toEqual(['Dentally']);
    expect(skillsOf(['Shipped apps on the Google Play Store'])).toEqual(['Google Play Store']);
  });

  it('reads what matters to the candidate, alternatives after an article, and a list before a predicate', () => {
    expect(skillsOf(['Accessibility and web performance matter to you, and you can show us how'])).toEqual(expect.arrayContaining(['web performance']));
    expect(skillsOf(['A BPAT license or a Medical Gas Piping Installer endorsement'])).toEqual(['BPAT license', 'Medical Gas Piping Installer endorsement']);
    expect(skillsOf(['Writing unit and end-to-end tests is simply part of how you work'])).toEqual(expect.arrayContaining(['end-to-end tests']));
    expect(skillsOf(['Clearing main lines with a drain machine or jetter'])).toEqual(['Clearing main lines']);
  });

  it('reads two activities named as one as one skill, and a longer enumeration item by item', () => {
    expect(skillsOf(['Experience with inspection and testing'])).toEqual(['inspection and testing']);
    expect(skillsOf(['Experience in monitoring and evaluation'])).toEqual(['monitoring and evaluation']);
    expect(skillsOf(['Comfortable in Excel, including VLOOKUP and pivot tables'])).toEqual(expect.arrayContaining(['Excel', 'VLOOKUP', 'pivot tables']));
  });

  it('reads the names given as examples in parentheses, and every item of a list after “experience with”', () => {
    expect(skillsOf(['Proficiency in statistical software (Stata, SPSS or R)'])).toEqual(expect.arrayContaining(['Stata', 'SPSS', 'R']));
    expect(skillsOf(['Experience with industrial robots (KUKA, Fanuc)'])).toEqual(['industrial robots', 'KUKA', 'Fanuc']);
    // A comma that starts a qualifier ends the list: "…, with direct reports" asks for nothing more.
    expect(skillsOf(['2+ years of people management experience, with direct reports']).map((skill) => skill.toLowerCase())).toEqual(['people management']);
  });

  it('reads the list under “It would also be great if you have” as nice to have', () => {
    const { jd } = parseJdText(['Junior UX Designer', '', 'You must be confident using Figma.', '', 'It would also be great if you have some of the following:', '- usability testing experience', '- basic HTML and CSS'].join('\n'), knowledge);
    expect(jd.requirements.filter((requirement) => requirement.importance === 'nice').map((requirement) => requirement.skill)).toEqual(['usability testing', 'HTML', 'CSS']);
  });
});

describe('parseJdText: careers-page pastes', () => {
  const ad = ['Job Description', 'Quality Assurance Engineer', 'Location: Pune, India', '', 'Requirements', '- 3+ years of experience in manual and automated testing', '- You don’t need prior experience with Kubernetes', '- No Java experience required; we will teach you', '- Knowledge of SQL is a plus'].join('\n');

  it('leaves out only the clause that says what is not needed, and reads "not required but nice" as nice to have', () => {
    const requirements = parseJdText(['Backend Engineer', '', 'Requirements', '- 5+ years of Go; no Rust experience needed', '- Postgres - not required but nice', '- Django'].join('\n'), knowledge).jd.requirements;
    expect(requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Postgres', importance: 'nice' },
      { skill: 'Django', importance: 'must' },
    ]);
  });

  it('takes the title under a "Job Description" label', () => {
    expect(parseJdText(ad, knowledge).jd.title).toBe('Quality Assurance Engineer');
  });

  it('asks for nothing a line says is not needed, and reads a qualifier shared by the next skill', () => {
    expect(parseJdText(ad, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`)).toEqual(['manual testing/must', 'Automated testing/must', 'SQL/nice']);
  });
});

describe('parseJdText: a person specification pasted as a table', () => {
  const requirementsOf = (text: string) => parseJdText(text, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);

  it('reads each criterion’s importance from its column under Essential and Desirable', () => {
    const ad = ['Senior Staff Nurse', '', 'Person specification', '', 'Criteria\tEssential\tDesirable\tAssessed by', 'Experience\tExperience of supervising junior staff\t\tInterview', '\t\tInvolvement in a quality improvement project\tApplication form', 'Skills\tCompetent in IV drug administration\t\tApplication form'].join('\n');
    expect(requirementsOf(ad)).toEqual(['supervising junior staff/must', 'quality improvement/nice', 'IV drug administration/must']);
  });

  it('reads an E or D cell after the criterion', () => {
    const ad = ['Environmental Health Officer', '', 'QUALIFICATIONS                         E/D    How assessed', 'Knowledge of food safety law          E      A/I', 'Chartered Practitioner (CIEH)         D      A/C'].join('\n');
    expect(requirementsOf(ad)).toEqual(['food safety law/must', 'Chartered Practitioner (CIEH)/nice']);
  });
});

describe('parseJdText: requirements written as sentences', () => {
  const requirementsOf = (lines: string[]) => parseJdText(['Journeyman Plumber', '', 'What You’ll Need', ...lines].join('\n'), knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}${requirement.years ? `/${requirement.years}` : ''}`);

  it('reads what a sentence asks for after “You need”, “You must have”, “You’ve built”, with years in words', () => {
    expect(requirementsOf(['You need a minimum of four years of residential plumbing experience, with at least two of those in service.'])).toEqual(['residential plumbing/must/4']);
    expect(requirementsOf(['A current Texas Journeyman Plumber license issued by the TSBPE is required.'])).toEqual(['Texas Journeyman Plumber license/must']);
    expect(requirementsOf(['- You’ve built or maintained a design system'])).toEqual(['design system/must']);
  });

  it('reads the examples a line gives as what it asks for, and “a big plus” as nice to have', () => {
    expect(requirementsOf(['- Experience with map libraries such as Mapbox GL or Leaflet is a big plus'])).toEqual(['Mapbox GL/nice', 'Leaflet/nice']);
  });
});

describe('parseJdText: qualifications asked for in a sentence', () => {
  it('reads long names, without an “(or equivalent)” aside, a pass in an exam, and a name with “&” whole', () => {
    const { jd } = parseJdText(
      ['Approved Electrician', '', 'Requirements', 'What we’re after: you will need to be a fully qualified electrician with an NVQ Level 3 in Electrotechnical Services (or equivalent) and a pass in the AM2.', '', 'Holding the City & Guilds 2391 would be a real advantage.'].join('\n'),
      knowledge,
    );
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`)).toEqual(['NVQ Level 3 in Electrotechnical Services/must', 'AM2/must', 'City & Guilds 2391/nice']);
  });
});

describe('parseJdText: one sentence, two weights', () => {
  it('weighs each clause of a sentence by its own cue, and one without a cue by the sentence', () => {
    const { jd } = parseJdText(
      ['Approved Electrician', '', 'Requirements', 'Experience with fault finding is essential, as you will sign off your own work, and holding the City & Guilds 2391 would be a real advantage.', 'Familiarity with Revit would be an advantage, as would an IPAF licence or a PASMA card.', 'We’re looking for someone with at least three years’ experience of commercial electrical installation since qualifying.'].join('\n'),
      knowledge,
    );
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}${requirement.years ? `/${requirement.years}` : ''}`)).toEqual([
      'fault finding/must',
      'City & Guilds 2391/nice',
      'Revit/nice',
      'IPAF licence/nice',
      'PASMA card/nice',
      'commercial electrical installation/must/3',
    ]);
  });
});

describe('parseJdText: list items with more than one ask', () => {
  it('asks for a degree whole, and for what follows “preferably” as a plus', () => {
    const { jd } = parseJdText(['Senior Design Engineer', '', 'Requirements:', '- B.E. / B.Tech in Mechanical Engineering.', '- 4-7 years of experience in sheet metal design, preferably in automotive', '- Exposure to FEA using ANSYS will be an added advantage.', '- Knowledge of SolidWorks PDM preferred.'].join('\n'), knowledge);
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}${requirement.years ? `/${requirement.years}` : ''}`)).toEqual([
      'B.E. / B.Tech in Mechanical Engineering/must',
      'sheet metal design/must/4',
      'automotive/nice',
      'FEA/nice',
      'ANSYS/nice',
      'SolidWorks PDM/nice',
    ]);
  });
});

describe('parseJdText: short list items', () => {
  it('reads four-word items, "X desirable", "X an advantage", a tool after "with", and keeps a dot inside a name', () => {
    const { jd } = parseJdText(['HGV Driver', '', 'Requirements', '• Class 1 (C+E) licence', '• Experience with double-deck trailers desirable', '• Data visualisation with D3.js', '• Next.js'].join('\n'), knowledge);
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`)).toEqual(['Class 1 (C+E) licence/must', 'double-deck trailers/nice', 'Data visualisation/must', 'D3.js/must', 'Next.js/must']);
  });
});

describe('parseJdText: criteria and sentences that list', () => {
  it('reads a criterion item by item, a long name whole, and a name of capitalised words joined by "and" as one', () => {
    const ad = ['Environmental Health Officer', '', 'KNOWLEDGE                                           E/D    How assessed', 'Health and Safety at Work etc. Act 1974 and associated regulations     E      I', 'Full driving licence and use of a vehicle for work                    E      A', 'Competent user of Microsoft Office                                    E      A'].join('\n');
    const skills = parseJdText(ad, knowledge).jd.requirements.map((requirement) => requirement.skill);
    expect(skills).toEqual(['Health and Safety at Work etc. Act 1974', 'Full driving licence', 'vehicle for work', 'Microsoft Office']);
  });

  it('reads every item of a list a sentence asks for, and the subject of "would be an advantage"', () => {
    const { jd } = parseJdText(['Journeyman Plumber', '', 'What You’ll Need', 'You should be comfortable locating leaks, clearing main lines, and reading blueprints.', 'A BPAT license would be an advantage.'].join('\n'), knowledge);
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`)).toEqual(['locating leaks/should', 'clearing main lines/should', 'reading blueprints/should', 'BPAT license/nice']);
  });
});

describe('parseJdText: what is no requirement', () => {
  const requirementsOf = (text: string) => parseJdText(text, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);

  it('ends a table with its rows: a benefits list after it is no criterion', () => {
    expect(requirementsOf(['Staff Nurse', '', 'Criteria\tEssential\tDesirable', 'Skills\tIV drug administration\tCannulation', '', 'Benefits', '27 days holiday\tNHS pension\t', 'Working here is a real advantage for your career.'].join('\n'))).toEqual(['IV drug administration/must', 'Cannulation/nice']);
  });

  it('splits a method from its tool only where the method is a skill, and drops only the clause that is not needed', () => {
    expect(requirementsOf(['Engineer', '', 'Requirements', '- Experience working with Python', '- Python is essential but Java is not required', '- A degree in Computer Science is essential'].join('\n'))).toEqual(['Python/must', 'Computer Science/must']);
  });
});

describe('parseJdText: a criterion’s parts', () => {
  it('splits a list of skills that happens to start with a capital, reads what a criterion includes and the tool it uses', () => {
    const ad = ['Staff Nurse', '', 'Criteria\tEssential\tDesirable', 'Skills\t\tVenepuncture and cannulation competencies', '\tIT skills, including use of electronic patient records\t', '\tRecognition and escalation of the deteriorating patient using NEWS2\t'].join('\n');
    const requirements = parseJdText(ad, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);
    // (with what the parts leave: "IT", "Recognition", the patient clause — a person corrects them)
    expect(requirements).toEqual(['Venepuncture/nice', 'cannulation/nice', 'IT/must', 'electronic patient records/must', 'Recognition/must', 'escalation/must', 'NEWS2/must']);
  });
});

describe('parseJdText: the structure of ads written in other traditions', () => {
  const requirementsOf = (text: string) => parseJdText(text, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);

  it('reads selection criteria numbered with codes (SC1, SC2) as the requirements', () => {
    const ad = ['Classroom Teacher - Mathematics', '', 'Selection criteria', 'SC1  Demonstrated sound knowledge of the Victorian Curriculum.', 'SC2  Demonstrated high level written and verbal communication skills.'].join('\n');
    expect(requirementsOf(ad)).toEqual(['Victorian Curriculum/must', 'Communication/must']);
  });

  it('ends a section at a heading in words it does not know, and reads the sentences under it by their cues', () => {
    const ad = ['Maths Teacher', '', 'Responsibilities', '- Teach Mathematics across Years 7-10', '', 'Who may apply', 'Applicants must hold a valid Working with Children Check.', '', 'Experience teaching VCE Specialist Mathematics or Physics would be highly regarded.'].join('\n');
    const requirements = requirementsOf(ad);
    expect(requirements).toEqual(expect.arrayContaining(['VCE Specialist Mathematics/nice', 'Physics/nice']));
    // The duty above the unknown heading stays a duty.
    expect(requirements.some((requirement) => requirement.startsWith('Mathematics'))).toBe(false);
  });

  it('keeps every alternative that is a name, and the first of alternatives that are kinds', () => {
    expect(requirementsOf(['Field Officer', '', 'Requirements', '- Experience with KoboToolbox or ODK', '- Healthcare or healthtech experience'].join('\n'))).toEqual(['KoboToolbox/must', 'ODK/must', 'Healthcare/must']);
  });
});

describe('parseJdText: requirements asked in paragraphs', () => {
  const requirementsOf = (paragraph: string) => parseJdText(['People Coordinator', '', 'Tallgrass makes tents in Boise.', '', paragraph].join('\n'), knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);

  it('reads what “we need someone who is comfortable with” asks, and familiarity as a softer ask', () => {
    expect(requirementsOf('We need someone who is comfortable with Microsoft Excel and Microsoft Word. Familiarity with BambooHR would help you get up to speed.')).toEqual(['Microsoft Excel/must', 'Microsoft Word/must', 'BambooHR/should']);
  });

  it('reads “it is a bonus if you have”, and “is desirable” in a clause of its own', () => {
    expect(requirementsOf('It is a bonus if you have the SHRM-CP certification.')).toEqual(['SHRM-CP/nice']);
    expect(requirementsOf('You must have HR administration experience, and a working knowledge of US employment law is desirable.')).toEqual(expect.arrayContaining(['US employment law/nice']));
  });

  it('reads what you will need after a lead-in, and what you should be comfortable working to', () => {
    const requirements = requirementsOf('To be successful in this role you’ll need a current A-grade electrical licence. You should be comfortable working to AS/NZS 3000 every day.');
    expect(requirements).toEqual(['A-grade electrical licence/must', 'AS/NZS 3000/should']);
  });

  it('reads what a sentence asks after its lead and inside it, and no ask in “because of”', () => {
    expect(requirementsOf('To be successful you’ll need a current A-grade electrical licence and at least 3 years’ post-apprenticeship experience in industrial maintenance.')).toEqual(['A-grade electrical licence/must', 'industrial maintenance/must']);
    expect(requirementsOf('A current driver’s licence is essential because of the on-call work.')).toContain('driver’s licence/must');
  });

  it('reads a language the candidate is to work in', () => {
    expect(requirementsOf('You will need to explain technical trade-offs clearly in English.')).toContain('English/must');
  });

  it('does not read a duty of the post holder as a requirement', () => {
    expect(() => requirementsOf('The post holder will be expected to participate in ward rounds.')).toThrow(/names no skill/);
  });
});

describe('parseJdText: the title at the top of a pasted page', () => {
  const titleOf = (top: string[]) => parseJdText([...top, '', 'Requirements', '- Excel'].join('\n'), knowledge).jd.title;

  it('reads a labelled title, skips a banner and page chrome, and keeps the last step of a breadcrumb', () => {
    expect(titleOf(['VACANCY ANNOUNCEMENT', 'Maji Bora Initiative', 'Position: Monitoring, Evaluation and Learning (MEL) Officer'])).toBe('Monitoring, Evaluation and Learning (MEL) Officer');
    expect(titleOf(['EASTMERE BOROUGH COUNCIL', 'Senior Environmental Health Officer'])).toBe('Senior Environmental Health Officer');
    expect(titleOf(['Skip to main content', 'Careers > Current vacancies > Class 1 HGV Driver'])).toBe('Class 1 HGV Driver');
    expect(titleOf(['People Coordinator (Entry Level) at Tallgrass Outdoor Co.'])).toBe('People Coordinator (Entry Level)');
  });
});

describe('parseJdText: a person specification table printed without its columns', () => {
  it('reads each row as a criterion, without its category and how it is assessed', () => {
    const spec = ['Senior Staff Nurse', '', 'Person specification', '', 'Criteria Essential Desirable Assessed by', 'Qualifications Registered Nurse (Adult) with current NMC registration Application form / NMC check', 'Practice assessor qualification Application form', 'Experience Minimum of 2 years’ post-registration experience in acute adult nursing Application form / Interview', 'Knowledge Working knowledge of the Mental Capacity Act Interview', '', 'Benefits', '- A pension'].join('\n');
    const requirements = parseJdText(spec, knowledge).jd.requirements.map((requirement) => requirement.skill);
    expect(requirements).toEqual(['NMC registration', 'Practice assessor qualification', 'acute adult nursing', 'Mental Capacity Act']);
  });
});

describe('parseJdText: a person specification pasted as plain lines', () => {
  const requirementsOf = (text: string) => parseJdText(text, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);

  it('reads criteria one per line, without list marks, each on its own', () => {
    const spec = ['Senior Clinical Pharmacist', 'Permanent | £46,148 to £52,809 a year + bonus', '', 'Experience', 'Essential criteria', 'Experience of medicines reconciliation', 'Working knowledge of EPMA systems', 'Ability to prioritise workload', 'Desirable criteria', 'Experience of clinical audit', 'Independent Prescribing'].join('\n');
    expect(requirementsOf(spec)).toEqual(['medicines reconciliation/must', 'EPMA/must', 'prioritise workload/must', 'clinical audit/nice', 'Independent Prescribing/nice']);
  });

  it('reads no requirement from pay, a labelled detail or a table’s legend', () => {
    const ad = ['Transport Planner', 'Salary: £55,000 + car allowance, bonus', 'E = Essential     D = Desirable', '', 'Requirements', '- Transport planning'].join('\n');
    expect(requirementsOf(ad)).toEqual(['Transport planning/must']);
  });
});

describe('parseJdText: what the review of the third session found', () => {
  const requirementsOf = (text: string) => parseJdText(text, knowledge).jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`);

  it('reads hostile lines of 2,000 characters in linear time (patterns that could split them in exponentially many ways are gone)', () => {
    const hostile = [`- Experience with tools (${'A or '.repeat(400)}x`, `- ${'AorB'.repeat(500)} clusters`, `- Tools (${'Page Object pattern and '.repeat(80)}x`, `- ${'AB '.repeat(660)}x`];
    for (const line of hostile) expect(() => parseJdText(['Engineer', '', 'Requirements', line, '- Python'].join('\n'), knowledge)).not.toThrow();
  });

  it('keeps a requirement that names an amount, and drops pay', () => {
    const ad = ['Finance Manager', 'Permanent | £52,000–£60,000 + bonus', '$24–$27 an hour', '', 'Requirements', '- Experience managing budgets of £2m', '- Closing $500k+ deals'].join('\n');
    const requirements = requirementsOf(ad);
    expect(requirements.some((requirement) => /budgets/.test(requirement))).toBe(true);
    expect(requirements.some((requirement) => /deals/.test(requirement))).toBe(true);
    expect(requirements.some((requirement) => /bonus|hour/.test(requirement))).toBe(false);
  });

  it('reads a sub-heading about skills under Requirements as part of them, and an unrelated heading as their end', () => {
    const ad = ['Engineer', '', 'Requirements', '- Go', '', 'Technical skills', '- Kubernetes', '', 'Employer accreditation badges', 'Veteran Aware', 'Armed Forces Covenant'].join('\n');
    expect(requirementsOf(ad)).toEqual(['Go/must', 'Kubernetes/must']);
  });

  it('reads no skill before “experience” when only a word of how much stands there', () => {
    expect(requirementsOf(['Chef', '', 'Requirements', '- Proven experience in a busy kitchen'].join('\n'))).not.toContain('Proven/must');
  });
});

describe('parseJdText: what a new user’s job ad showed', () => {
  it('reads the employer under the title, a head chef as lead, a role asked for “as a …”, and a cue in parentheses as weighing only what they say', () => {
    const ad = ['Head Chef', 'Oakfield Hospitality Group · Cheltenham, England · Full-time', '', 'What we’re looking for', '• At least 2 years as a Head Chef', '• Food Safety Level 3 (Level 4 is a bonus)', '• accounts payable: 2 years (required)', '• Sage 300: 1 year (preferred)'].join('\n');
    const { jd } = parseJdText(ad, knowledge);
    expect(jd).toMatchObject({ title: 'Head Chef', company: 'Oakfield Hospitality Group', seniority: 'lead' });
    expect(jd.requirements.map((requirement) => `${requirement.skill}/${requirement.importance}`)).toEqual(['Head Chef/must', 'Food Safety Level 3/must', 'accounts payable/must', 'Sage 300/nice']);
  });
});
