/** The page every request gets while the database or the picture storage is out of reach. */
export default {
  unavailable: {
    title: 'Stránky jsou na chvíli mimo provoz',
    body: 'Právě se nedaří spojení s naší databází nebo s úložištěm obrázků. Víme o tom a pracujeme na tom.',
    again: 'Stránka se sama zkusí načíst znovu za půl minuty.',
    notSaved: 'Odeslaný formulář se neuložil. Za pár minut ho bude možné poslat znovu.',
    help: 'Potřebuješ pomoc hned?',
  },
};
