import type { FeatureMessages } from '../define.ts';

/** English messages of the surveys feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'surveys.ask.satisfaction': 'How satisfied are you with {community}, from 1 (not at all) to 5 (very)?',
  'surveys.ask.recommendation':
    'How likely are you to recommend {community} to a friend, from 0 (not at all likely) to 10 (extremely likely)?',
  'surveys.ask.custom': '{question} (from {min} to {max})',
  'surveys.ask.intro': 'Hello {member}, {community} would like your opinion in a one-question survey.',
  'surveys.ask.how':
    'Answer by typing {example} (your number from {min} to {max}), with a comment after it if you like. Answers are anonymous: moderators see only totals, and only once at least {threshold} members have answered. The survey closes on {closes}.',
  'surveys.reason': 'member survey',
  'surveys.label': 'surveys',
  'surveys.kind.satisfaction': 'satisfaction, 1–5',
  'surveys.kind.recommendation': 'recommendation, 0–10',
  'surveys.members.one': '{count} member',
  'surveys.members.other': '{count} members',
  'surveys.answers.one': '{count} answer',
  'surveys.answers.other': '{count} answers',
  'surveys.started':
    'Survey no. {id} ({kind}) was sent privately to {asked}; it closes on {closes}. {command} shows the results.',
  'surveys.started.skipped': '{capped} could not be asked now because of the direct-message limits.',
  'surveys.started.nobody':
    'Nobody could be asked: no member who accepts direct messages is free of the direct-message limits.',
  'surveys.badSample': '“{typed}” is not a sample size: give a number of members (20) or a share (20%).',
  'surveys.alreadyOpen': 'Survey no. {id} is open until {closes}. Close it first with {command}.',
  'surveys.answer.thanks':
    'Thank you! Your answer ({score}) is recorded. Until the survey closes, {mydata} shows it and {withdraw} erases it; then it is kept without your name.',
  'surveys.answer.none': 'You have no open survey to answer.',
  'surveys.answer.range': 'Please answer with a whole number from {min} to {max}, for example {example}.',
  'surveys.withdrawn': 'Your answer to survey no. {id} is erased.',
  'surveys.withdraw.none': 'You have no answer to an open survey.',
  'surveys.state.open': 'open until {closes}',
  'surveys.state.closed': 'closed on {closed}',
  'surveys.results.title': 'Survey no. {id} ({kind}), {state}: {answers} from {asked} asked.',
  'surveys.results.notEnough':
    'Not enough answers yet: results are shown from {threshold} answers, so that no one’s answer can be singled out.',
  'surveys.results.mean': 'Satisfaction: {mean} out of 5.',
  'surveys.results.nps':
    'Recommendation score (NPS): {nps} (promoters 9–10: {promoters}; passives 7–8: {passives}; detractors 0–6: {detractors}).',
  'surveys.results.distribution': 'Answers by score: {cells}',
  'surveys.results.cell': '{score}: {count}',
  'surveys.results.comments': 'Comments (who wrote them is never shown):',
  'surveys.results.noComments': 'No comments.',
  'surveys.results.none': 'No survey yet. Start one with {command}.',
  'surveys.noSurvey': 'There is no survey no. {id}.',
  'surveys.closed': 'Survey no. {id} is closed; its answers no longer name anyone.',
  'surveys.notOpen': 'Survey no. {id} is already closed.',
  'surveys.data.answer': 'survey no. {id} ({kind}), still open: your answer {score}',
  'surveys.data.answer.comment':
    'survey no. {id} ({kind}), still open: your answer {score}, with the comment “{comment}”',
  'surveys.command.survey.start': 'Moderators: ask a random sample of members one question privately',
  'surveys.command.survey.answer': 'Answer the survey you were asked, with an optional comment',
  'surveys.command.survey.withdraw': 'Erase your answer to the open survey',
  'surveys.command.survey.results': 'Moderators: a survey’s anonymous results',
  'surveys.command.survey.close': 'Moderators: close the open survey now',
  'surveys.arg.kind': 'satisfaction (1–5) or recommendation (0–10)',
  'surveys.arg.sample': 'how many members to ask (20) or a share (20%)',
  'surveys.arg.days': 'how many days the survey stays open',
  'surveys.arg.score': 'your score',
  'surveys.arg.comment': 'a comment (optional)',
  'surveys.arg.survey': 'the survey number (default: the latest)',
} as const;

export type SurveysMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<SurveysMessageKey, string> = {
  'surveys.ask.satisfaction': 'Êtes-vous satisfait de {community}, de 1 (pas du tout) à 5 (très) ?',
  'surveys.ask.recommendation':
    'Recommanderiez-vous {community} à un ami, de 0 (pas du tout probable) à 10 (très probable) ?',
  'surveys.ask.custom': '{question} (de {min} à {max})',
  'surveys.ask.intro': 'Bonjour {member}, {community} aimerait votre avis dans un sondage d’une seule question.',
  'surveys.ask.how':
    'Répondez en tapant {example} (votre note de {min} à {max}), suivie d’un commentaire si vous le souhaitez. Les réponses sont anonymes : la modération ne voit que des totaux, et seulement quand au moins {threshold} membres ont répondu. Le sondage se termine le {closes}.',
  'surveys.reason': 'enquête auprès des membres',
  'surveys.label': 'enquêtes',
  'surveys.kind.satisfaction': 'satisfaction, 1 à 5',
  'surveys.kind.recommendation': 'recommandation, 0 à 10',
  'surveys.members.one': '{count} membre',
  'surveys.members.other': '{count} membres',
  'surveys.answers.one': '{count} réponse',
  'surveys.answers.other': '{count} réponses',
  'surveys.started':
    'L’enquête n° {id} ({kind}) a été envoyée en privé à {asked} ; elle se termine le {closes}. {command} affiche les résultats.',
  'surveys.started.skipped': '{capped} n’ont pas pu être sollicités maintenant à cause des limites de messages privés.',
  'surveys.started.nobody':
    'Personne n’a pu être sollicité : aucun membre qui accepte les messages privés n’est libre des limites de messages privés.',
  'surveys.badSample':
    '« {typed} » n’est pas une taille d’échantillon : indiquez un nombre de membres (20) ou une part (20%).',
  'surveys.alreadyOpen': 'L’enquête n° {id} est ouverte jusqu’au {closes}. Fermez-la d’abord avec {command}.',
  'surveys.answer.thanks':
    'Merci ! Votre réponse ({score}) est enregistrée. Jusqu’à la fin de l’enquête, {mydata} l’affiche et {withdraw} l’efface ; ensuite elle est gardée sans votre nom.',
  'surveys.answer.none': 'Vous n’avez pas d’enquête ouverte à laquelle répondre.',
  'surveys.answer.range': 'Merci de répondre par un nombre entier de {min} à {max}, par exemple {example}.',
  'surveys.withdrawn': 'Votre réponse à l’enquête n° {id} est effacée.',
  'surveys.withdraw.none': 'Vous n’avez pas de réponse à une enquête ouverte.',
  'surveys.state.open': 'ouverte jusqu’au {closes}',
  'surveys.state.closed': 'terminée le {closed}',
  'surveys.results.title': 'Enquête n° {id} ({kind}), {state} : {answers} sur {asked} sollicités.',
  'surveys.results.notEnough':
    'Pas encore assez de réponses : les résultats s’affichent à partir de {threshold} réponses, pour qu’aucune réponse ne puisse être attribuée à quelqu’un.',
  'surveys.results.mean': 'Satisfaction : {mean} sur 5.',
  'surveys.results.nps':
    'Score de recommandation (NPS) : {nps} (promoteurs 9–10 : {promoters} ; passifs 7–8 : {passives} ; détracteurs 0–6 : {detractors}).',
  'surveys.results.distribution': 'Réponses par note : {cells}',
  'surveys.results.cell': '{score} : {count}',
  'surveys.results.comments': 'Commentaires (leurs auteurs ne sont jamais montrés) :',
  'surveys.results.noComments': 'Aucun commentaire.',
  'surveys.results.none': 'Aucune enquête pour l’instant. Lancez-en une avec {command}.',
  'surveys.noSurvey': 'Il n’y a pas d’enquête n° {id}.',
  'surveys.closed': 'L’enquête n° {id} est terminée ; ses réponses ne nomment plus personne.',
  'surveys.notOpen': 'L’enquête n° {id} est déjà terminée.',
  'surveys.data.answer': 'enquête n° {id} ({kind}), encore ouverte : votre réponse {score}',
  'surveys.data.answer.comment':
    'enquête n° {id} ({kind}), encore ouverte : votre réponse {score}, avec le commentaire « {comment} »',
  'surveys.command.survey.start': 'Modération : poser une question en privé à un échantillon de membres tirés au sort',
  'surveys.command.survey.answer': 'Répondre à l’enquête reçue, avec un commentaire facultatif',
  'surveys.command.survey.withdraw': 'Effacer votre réponse à l’enquête ouverte',
  'surveys.command.survey.results': 'Modération : les résultats anonymes d’une enquête',
  'surveys.command.survey.close': 'Modération : terminer maintenant l’enquête ouverte',
  'surveys.arg.kind': 'satisfaction (1 à 5) ou recommendation (0 à 10)',
  'surveys.arg.sample': 'combien de membres solliciter (20) ou quelle part (20%)',
  'surveys.arg.days': 'combien de jours l’enquête reste ouverte',
  'surveys.arg.score': 'votre note',
  'surveys.arg.comment': 'un commentaire (facultatif)',
  'surveys.arg.survey': 'le numéro de l’enquête (par défaut : la dernière)',
};

export const surveysMessages: FeatureMessages<SurveysMessageKey> = { en, fr };
