import { enumeratedSkills } from './enumerated-skills';

describe('enumeratedSkills: the competences a CV’s prose lists', () => {
  it('reads a list of three or more short noun phrases, with or without a serial comma, without the words around it', () => {
    expect(enumeratedSkills('Responsible for P&L management on a €2.4M budget, staff scheduling, hiring and training, and supplier negotiation.')).toEqual(['P&L management', 'staff scheduling', 'hiring and training', 'supplier negotiation']);
    expect(enumeratedSkills('Medication administration, IV therapy and wound care on a 32-bed med-surg floor.')).toEqual(['Medication administration', 'IV therapy', 'wound care']);
    expect(enumeratedSkills('Care for ECMO patients; manage vasoactive drips, arterial lines and balloon pumps.')).toEqual(['vasoactive drips', 'arterial lines', 'balloon pumps']);
    expect(enumeratedSkills('Specialised in embedded systems, motor control and functional safety.')).toEqual(['embedded systems', 'motor control', 'functional safety']);
  });

  it('reads nothing from a list of actions, of things, or of two', () => {
    expect(enumeratedSkills('I run quarterly business reviews with each account, built our account health scores in Gainsight, and keep every conversation logged in HubSpot.')).toEqual([]);
    expect(enumeratedSkills('Answered 40–60 tickets a day in Zendesk with a 94% CSAT, wrote 35 articles, and learned SQL.')).toEqual([]);
    expect(enumeratedSkills('Telemetry monitoring and rhythm interpretation for 5-patient assignments.')).toEqual([]);
    expect(enumeratedSkills('Own the API, a Django service on AWS (ECS, RDS PostgreSQL, S3) handling 40 million requests a day.')).toEqual([]);
  });

  it('reads nothing from a list of names or of past actions: places, teams, titles, verbs', () => {
    expect(enumeratedSkills('Partnered with Sales, Marketing and Finance.')).toEqual([]);
    expect(enumeratedSkills('Visited London, Paris and Berlin for client workshops.')).toEqual([]);
    expect(enumeratedSkills('Reported to the CTO, CFO and CEO.')).toEqual([]);
    expect(enumeratedSkills('Hired, trained and mentored junior staff.')).toEqual([]);
  });
});
