// Every word of the public self-referral page (/help, /h/<code>), in each language it offers.
// The page is read by people who have never used Pathway, often on a phone, often not in English:
// plain words, short sentences. Each language must give every key (`Record<Language, PageText>`),
// so a missing translation fails the type check. "{provider}" and "{phone}" are filled in by
// `fill`; nothing else is interpolated.
import type { NeedDomain } from "#db/schema";

export const LANGUAGES = ["en", "pl", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of the page, and which way it is written. */
export const languageTags: Record<Language, { lang: string; dir: "ltr" | "rtl"; name: string }> = {
  en: { lang: "en-GB", dir: "ltr", name: "English" },
  pl: { lang: "pl", dir: "ltr", name: "Polski" },
  ar: { lang: "ar", dir: "rtl", name: "العربية" },
};

export function pageLanguage(value: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? "") ? (value as Language) : "en";
}

/** The times a person may choose to be contacted (stored by key, shown to workers in English). */
export const CONTACT_TIMES = ["morning", "afternoon", "evening", "weekend"] as const;
export type ContactTime = (typeof CONTACT_TIMES)[number];

/** The needs the page offers: all of a worker's assessment domains except "justice". */
export const SELF_REFERRAL_NEEDS = [
  "drugs",
  "alcohol",
  "mental_health",
  "housing",
  "money",
  "employment",
  "physical_health",
  "family",
  "safety",
] as const satisfies readonly NeedDomain[];
export type SelfReferralNeed = (typeof SELF_REFERRAL_NEEDS)[number];

export type PageText = {
  pageTitle: string;
  skipLink: string;
  languageNavigation: string;
  serviceName: string;
  heading: string;
  lead: string;
  callHeading: string;
  callText: string;
  callNoPhone: string;
  emergency: string;
  whoHeading: string;
  whoText: string;
  nextHeading: string;
  nextText: string;
  keepHeading: string;
  keepText: string;
  formHeading: string;
  nameLabel: string;
  nameHint: string;
  contactLegend: string;
  contactPhone: string;
  contactEmail: string;
  phoneLabel: string;
  phoneHint: string;
  emailLabel: string;
  leaveMessage: string;
  timesLegend: string;
  timesHint: string;
  times: Record<ContactTime, string>;
  needsLegend: string;
  needsHint: string;
  needs: Record<SelfReferralNeed, string>;
  otherLabel: string;
  consentLegend: string;
  consentText: string;
  consentBox: string;
  honeypotLabel: string;
  send: string;
  errorTitle: string;
  errorName: string;
  errorContact: string;
  errorPhone: string;
  errorEmail: string;
  errorConsent: string;
  errorTooLong: string;
  errorNoProvider: string;
  areaLabel: string;
  areaElsewhere: string;
  thanksTitle: string;
  thanksText: string;
  thanksSooner: string;
  tooManyTitle: string;
  tooManyText: string;
  notFoundTitle: string;
  notFoundText: string;
  notFoundLink: string;
  stopHeading: string;
  stopText: string;
  stopLabel: string;
  stopButton: string;
  stopDone: string;
  stopNotFound: string;
  privacyLine: string;
};

export const pageText: Record<Language, PageText> = {
  en: {
    pageTitle: "Get support",
    skipLink: "Skip to main content",
    languageNavigation: "Language",
    serviceName: "Support near you",
    heading: "Get support: free, confidential, your choice",
    lead: "For you, or for someone you know. We are not the police.",
    callHeading: "Talk to someone now",
    callText: "Call {provider} on",
    callNoPhone: "Leave your details below and {provider} will contact you.",
    emergency: "In an emergency call 999. If you feel you cannot go on, call Samaritans free on 116 123, any time.",
    whoHeading: "Who we are",
    whoText:
      "{provider} is a support service. We help with drugs, alcohol, mental health, housing, money, work and family. We do not work for the police, and we do not tell them who asks for help.",
    nextHeading: "What happens next",
    nextText:
      "A support worker will contact you in the way you choose, usually within 2 working days. You decide what to talk about and what happens next. You can stop at any time.",
    keepHeading: "What we keep",
    keepText:
      "Only what you write here: a name (it does not have to be your real name), how to contact you, and what you would like help with. Your support worker uses it to help you. We do not keep your internet address and we do not use tracking cookies.",
    formHeading: "Ask us to contact you",
    nameLabel: "Your first name, or a name we can call you",
    nameHint: "It does not have to be your real name.",
    contactLegend: "How should we contact you?",
    contactPhone: "Phone call or text message",
    contactEmail: "Email",
    phoneLabel: "Phone number",
    phoneHint: "For example 07700 900123",
    emailLabel: "Email address",
    leaveMessage: "It is OK to leave a message that says who we are",
    timesLegend: "When is a good time? (optional)",
    timesHint: "Choose any that suit you.",
    times: { morning: "Mornings", afternoon: "Afternoons", evening: "Evenings", weekend: "Weekends" },
    needsLegend: "What would you like help with? (optional)",
    needsHint: "Choose any. You can tell us more when we talk.",
    needs: {
      drugs: "Drugs",
      alcohol: "Alcohol",
      mental_health: "Feeling low, anxious or stressed",
      housing: "Somewhere to live",
      money: "Money or debt",
      employment: "Work or training",
      physical_health: "Physical health",
      family: "Family or children",
      safety: "Feeling unsafe, or someone is hurting you",
    },
    otherLabel: "Anything else you want us to know (optional)",
    consentLegend: "Your agreement",
    consentText:
      "By sending this form you agree that {provider} may keep what you wrote and contact you in the way you chose, to offer support. You can ask them to stop and delete it at any time.",
    consentBox: "I agree",
    honeypotLabel: "Leave this empty",
    send: "Send",
    errorTitle: "There is a problem",
    errorName: "Enter a name we can call you",
    errorContact: "Choose how we should contact you",
    errorPhone: "Enter a phone number, like 07700 900123",
    errorEmail: "Enter an email address, like name@example.com",
    errorConsent: "Tick “I agree” so that we can contact you",
    errorTooLong: "Write less than 500 characters",
    errorNoProvider: "We cannot take requests online for this area yet. Please call one of the numbers above.",
    areaLabel: "Where do you live?",
    areaElsewhere: "Somewhere else, or I would rather not say",
    thanksTitle: "Thank you. We have your message",
    thanksText: "A support worker from {provider} will contact you, usually within 2 working days.",
    thanksSooner: "If you need to talk sooner, call",
    tooManyTitle: "Please try again later",
    tooManyText: "We have had too many messages from here just now. Please try again in an hour.",
    notFoundTitle: "We could not find that link",
    notFoundText: "The link may have a mistake in it, or it is no longer used. You can still ask for support.",
    notFoundLink: "Ask for support",
    stopHeading: "Stop messages",
    stopText:
      "Got a message from us that you did not want? Enter the number it came to and we will not message it again.",
    stopLabel: "The phone number the message came to",
    stopButton: "Stop messages",
    stopDone: "Done. We will not send messages to this number again.",
    stopNotFound: "Enter the phone number the message came to, like 07700 900123",
    privacyLine: "No adverts. No tracking. This page works without JavaScript.",
  },
  pl: {
    pageTitle: "Uzyskaj wsparcie",
    skipLink: "Przejdź do treści",
    languageNavigation: "Język",
    serviceName: "Wsparcie w Twojej okolicy",
    heading: "Uzyskaj wsparcie: bezpłatnie, poufnie, to Twój wybór",
    lead: "Dla Ciebie lub dla kogoś, kogo znasz. Nie jesteśmy policją.",
    callHeading: "Porozmawiaj z kimś teraz",
    callText: "Zadzwoń do {provider}:",
    callNoPhone: "Zostaw swoje dane poniżej, a {provider} skontaktuje się z Tobą.",
    emergency:
      "W nagłym wypadku dzwoń pod 999. Jeśli czujesz, że nie dajesz rady, zadzwoń bezpłatnie do Samaritans: 116 123, o każdej porze.",
    whoHeading: "Kim jesteśmy",
    whoText:
      "{provider} to organizacja wsparcia. Pomagamy w sprawach narkotyków, alkoholu, zdrowia psychicznego, mieszkania, pieniędzy, pracy i rodziny. Nie pracujemy dla policji i nie mówimy jej, kto prosi o pomoc.",
    nextHeading: "Co będzie dalej",
    nextText:
      "Pracownik wsparcia skontaktuje się z Tobą w wybrany przez Ciebie sposób, zwykle w ciągu 2 dni roboczych. To Ty decydujesz, o czym rozmawiamy i co dalej. Możesz zrezygnować w każdej chwili.",
    keepHeading: "Co przechowujemy",
    keepText:
      "Tylko to, co tu wpiszesz: imię (nie musi być prawdziwe), sposób kontaktu i w czym chcesz pomocy. Twój pracownik wsparcia używa tego, aby Ci pomóc. Nie zapisujemy Twojego adresu internetowego i nie używamy plików cookie do śledzenia.",
    formHeading: "Poproś o kontakt",
    nameLabel: "Twoje imię lub imię, którym możemy się do Ciebie zwracać",
    nameHint: "Nie musi to być Twoje prawdziwe imię.",
    contactLegend: "Jak mamy się z Tobą skontaktować?",
    contactPhone: "Telefon lub SMS",
    contactEmail: "E-mail",
    phoneLabel: "Numer telefonu",
    phoneHint: "Na przykład 07700 900123",
    emailLabel: "Adres e-mail",
    leaveMessage: "Można zostawić wiadomość, w której mówimy, kim jesteśmy",
    timesLegend: "Kiedy najlepiej się kontaktować? (opcjonalnie)",
    timesHint: "Wybierz dowolne.",
    times: { morning: "Rano", afternoon: "Po południu", evening: "Wieczorem", weekend: "W weekendy" },
    needsLegend: "W czym chcesz pomocy? (opcjonalnie)",
    needsHint: "Wybierz dowolne. Więcej powiesz nam podczas rozmowy.",
    needs: {
      drugs: "Narkotyki",
      alcohol: "Alkohol",
      mental_health: "Smutek, lęk lub stres",
      housing: "Miejsce do mieszkania",
      money: "Pieniądze lub długi",
      employment: "Praca lub szkolenie",
      physical_health: "Zdrowie fizyczne",
      family: "Rodzina lub dzieci",
      safety: "Nie czuję się bezpiecznie lub ktoś mnie krzywdzi",
    },
    otherLabel: "Coś jeszcze, co chcesz nam powiedzieć (opcjonalnie)",
    consentLegend: "Twoja zgoda",
    consentText:
      "Wysyłając ten formularz, zgadzasz się, aby {provider} przechowywał to, co napisałeś(-aś), i skontaktował się z Tobą w wybrany sposób, aby zaoferować wsparcie. W każdej chwili możesz poprosić o zaprzestanie kontaktu i usunięcie danych.",
    consentBox: "Zgadzam się",
    honeypotLabel: "Zostaw to pole puste",
    send: "Wyślij",
    errorTitle: "Wystąpił problem",
    errorName: "Wpisz imię, którym możemy się do Ciebie zwracać",
    errorContact: "Wybierz, jak mamy się z Tobą skontaktować",
    errorPhone: "Wpisz numer telefonu, na przykład 07700 900123",
    errorEmail: "Wpisz adres e-mail, na przykład imie@example.com",
    errorConsent: "Zaznacz „Zgadzam się”, abyśmy mogli się z Tobą skontaktować",
    errorTooLong: "Napisz mniej niż 500 znaków",
    errorNoProvider:
      "Nie możemy jeszcze przyjmować zgłoszeń online z tego obszaru. Zadzwoń pod jeden z numerów powyżej.",
    areaLabel: "Gdzie mieszkasz?",
    areaElsewhere: "Gdzie indziej lub wolę nie mówić",
    thanksTitle: "Dziękujemy. Otrzymaliśmy Twoją wiadomość",
    thanksText: "Pracownik wsparcia z {provider} skontaktuje się z Tobą, zwykle w ciągu 2 dni roboczych.",
    thanksSooner: "Jeśli chcesz porozmawiać wcześniej, zadzwoń:",
    tooManyTitle: "Spróbuj ponownie później",
    tooManyText: "Otrzymaliśmy teraz zbyt wiele wiadomości z tego miejsca. Spróbuj ponownie za godzinę.",
    notFoundTitle: "Nie znaleźliśmy tego linku",
    notFoundText: "Link może zawierać błąd albo nie jest już używany. Nadal możesz poprosić o wsparcie.",
    notFoundLink: "Poproś o wsparcie",
    stopHeading: "Zatrzymaj wiadomości",
    stopText:
      "Dostałeś(-aś) od nas wiadomość, której nie chcesz? Wpisz numer, na który przyszła, a nie napiszemy na niego ponownie.",
    stopLabel: "Numer telefonu, na który przyszła wiadomość",
    stopButton: "Zatrzymaj wiadomości",
    stopDone: "Gotowe. Nie wyślemy już wiadomości na ten numer.",
    stopNotFound: "Wpisz numer telefonu, na który przyszła wiadomość, na przykład 07700 900123",
    privacyLine: "Bez reklam. Bez śledzenia. Ta strona działa bez JavaScriptu.",
  },
  ar: {
    pageTitle: "احصل على الدعم",
    skipLink: "انتقل إلى المحتوى الرئيسي",
    languageNavigation: "اللغة",
    serviceName: "دعم بالقرب منك",
    heading: "احصل على الدعم: مجاني وسري والقرار لك",
    lead: "لك أو لشخص تعرفه. نحن لسنا الشرطة.",
    callHeading: "تحدث إلى شخص الآن",
    callText: "اتصل بـ {provider} على الرقم",
    callNoPhone: "اترك بياناتك أدناه وسيتواصل معك {provider}.",
    emergency:
      "في حالة الطوارئ اتصل بالرقم 999. إذا شعرت أنك لا تستطيع الاستمرار، اتصل بمنظمة Samaritans مجاناً على 116 123 في أي وقت.",
    whoHeading: "من نحن",
    whoText:
      "{provider} خدمة دعم. نساعد في ما يتعلق بالمخدرات والكحول والصحة النفسية والسكن والمال والعمل والعائلة. نحن لا نعمل لدى الشرطة ولا نخبرها بمن يطلب المساعدة.",
    nextHeading: "ماذا يحدث بعد ذلك",
    nextText:
      "سيتواصل معك عامل دعم بالطريقة التي تختارها، عادةً خلال يومي عمل. أنت تقرر ما تريد التحدث عنه وما يحدث بعد ذلك. يمكنك التوقف في أي وقت.",
    keepHeading: "ما الذي نحتفظ به",
    keepText:
      "فقط ما تكتبه هنا: اسم (لا يلزم أن يكون اسمك الحقيقي)، وطريقة التواصل معك، وما تريد المساعدة فيه. يستخدمه عامل الدعم لمساعدتك. لا نحتفظ بعنوانك على الإنترنت ولا نستخدم ملفات تعريف الارتباط للتتبع.",
    formHeading: "اطلب منا التواصل معك",
    nameLabel: "اسمك الأول، أو اسم يمكننا أن نناديك به",
    nameHint: "لا يلزم أن يكون اسمك الحقيقي.",
    contactLegend: "كيف تريد أن نتواصل معك؟",
    contactPhone: "مكالمة هاتفية أو رسالة نصية",
    contactEmail: "البريد الإلكتروني",
    phoneLabel: "رقم الهاتف",
    phoneHint: "مثلاً 07700 900123",
    emailLabel: "عنوان البريد الإلكتروني",
    leaveMessage: "لا مانع من ترك رسالة تذكر من نحن",
    timesLegend: "ما هو الوقت المناسب؟ (اختياري)",
    timesHint: "اختر ما يناسبك.",
    times: { morning: "الصباح", afternoon: "بعد الظهر", evening: "المساء", weekend: "عطلة نهاية الأسبوع" },
    needsLegend: "ما الذي تريد المساعدة فيه؟ (اختياري)",
    needsHint: "اختر أي شيء. يمكنك أن تخبرنا بالمزيد عندما نتحدث.",
    needs: {
      drugs: "المخدرات",
      alcohol: "الكحول",
      mental_health: "الشعور بالحزن أو القلق أو التوتر",
      housing: "مكان للسكن",
      money: "المال أو الديون",
      employment: "العمل أو التدريب",
      physical_health: "الصحة الجسدية",
      family: "العائلة أو الأطفال",
      safety: "الشعور بعدم الأمان، أو أن أحداً يؤذيك",
    },
    otherLabel: "أي شيء آخر تريد أن نعرفه (اختياري)",
    consentLegend: "موافقتك",
    consentText:
      "بإرسال هذا النموذج توافق على أن يحتفظ {provider} بما كتبته وأن يتواصل معك بالطريقة التي اخترتها لتقديم الدعم. يمكنك أن تطلب منهم التوقف وحذفه في أي وقت.",
    consentBox: "أوافق",
    honeypotLabel: "اترك هذا الحقل فارغاً",
    send: "إرسال",
    errorTitle: "هناك مشكلة",
    errorName: "اكتب اسماً يمكننا أن نناديك به",
    errorContact: "اختر طريقة التواصل معك",
    errorPhone: "اكتب رقم هاتف، مثلاً 07700 900123",
    errorEmail: "اكتب عنوان بريد إلكتروني، مثلاً name@example.com",
    errorConsent: "ضع علامة على «أوافق» حتى نتمكن من التواصل معك",
    errorTooLong: "اكتب أقل من 500 حرف",
    errorNoProvider: "لا يمكننا استقبال الطلبات عبر الإنترنت لهذه المنطقة بعد. يرجى الاتصال بأحد الأرقام أعلاه.",
    areaLabel: "أين تسكن؟",
    areaElsewhere: "مكان آخر، أو أفضل عدم القول",
    thanksTitle: "شكراً لك. وصلتنا رسالتك",
    thanksText: "سيتواصل معك عامل دعم من {provider}، عادةً خلال يومي عمل.",
    thanksSooner: "إذا كنت تريد التحدث في وقت أقرب، اتصل على",
    tooManyTitle: "يرجى المحاولة لاحقاً",
    tooManyText: "وصلتنا رسائل كثيرة جداً من هنا الآن. يرجى المحاولة مرة أخرى بعد ساعة.",
    notFoundTitle: "لم نجد هذا الرابط",
    notFoundText: "قد يكون في الرابط خطأ، أو لم يعد مستخدماً. لا يزال بإمكانك طلب الدعم.",
    notFoundLink: "اطلب الدعم",
    stopHeading: "إيقاف الرسائل",
    stopText: "هل وصلتك رسالة منا لا تريدها؟ اكتب الرقم الذي وصلت إليه ولن نرسل إليه مرة أخرى.",
    stopLabel: "رقم الهاتف الذي وصلت إليه الرسالة",
    stopButton: "إيقاف الرسائل",
    stopDone: "تم. لن نرسل رسائل إلى هذا الرقم مرة أخرى.",
    stopNotFound: "اكتب رقم الهاتف الذي وصلت إليه الرسالة، مثلاً 07700 900123",
    privacyLine: "لا إعلانات. لا تتبع. تعمل هذه الصفحة بدون JavaScript.",
  },
};

/** Puts the provider's name and phone into a sentence. */
export function fill(text: string, values: { provider: string; phone?: string }): string {
  return text.replaceAll("{provider}", values.provider).replaceAll("{phone}", values.phone ?? "");
}
